using Bolt.Core.Durability;

namespace Bolt.Core;

/// <summary>
/// Stored durable state (a checkpoint, the write-ahead log, the monotonic counter) could not be authenticated or does
/// not continue the device's history. The daemon refuses to serve from it: nothing was loaded into a device that
/// serves, and nothing stored was changed or deleted, so an operator can inspect the files.
/// </summary>
public class DurableStorageException : BoltException
{
    /// <summary>Creates the exception for a fault, with a message that names the file and the check.</summary>
    public DurableStorageException(StorageFault fault, string message)
        : base(message) => Fault = fault;

    /// <summary>What was wrong.</summary>
    public StorageFault Fault { get; }
}

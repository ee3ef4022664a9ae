using Bolt.Core.Abi;

namespace Bolt.Core;

/// <summary>A bulk load was refused (duplicate or zero key, too many items, stash overflow); the map stays empty.</summary>
public sealed class BulkLoadException : BoltException
{
    /// <summary>Creates the exception with the status that describes the cause.</summary>
    public BulkLoadException(DeviceStatus status, string message) : base(message) => Status = status;

    /// <summary>The cause, as a device status.</summary>
    public DeviceStatus Status { get; }
}

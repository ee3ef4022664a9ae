using Bolt.Core.Durability;

namespace Bolt.Core;

/// <summary>
/// The stored state is older than the monotonic counter: the host presented an old checkpoint, dropped records from
/// the end of the log, or both. The daemon refuses to serve it, since clients were told of later commits.
/// </summary>
public sealed class RollbackDetectedException : DurableStorageException
{
    /// <summary>Creates the exception with the commit the stored state reaches and the counter's value.</summary>
    public RollbackDetectedException(ulong storedCommit, ulong counter, string detail)
        : base(StorageFault.RolledBack, $"Rollback detected: {detail} The stored state ends at commit {storedCommit}, but the monotonic counter says commit {counter} was acknowledged.")
    {
        StoredCommit = storedCommit;
        Counter = counter;
    }

    /// <summary>The commit number the stored checkpoint and log reach.</summary>
    public ulong StoredCommit { get; }

    /// <summary>The counter's value.</summary>
    public ulong Counter { get; }
}

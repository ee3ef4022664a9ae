using Bolt.Core;
using Bolt.Core.Durability;

namespace Bolt.Server.Durability;

/// <summary>How a durable daemon keeps its state (`bolt serve --data DIR`, docs/durability.md).</summary>
public sealed record DurabilityOptions
{
    /// <summary>The data directory: checkpoints, log segments and the host region file.</summary>
    public required string Directory { get; init; }

    /// <summary>
    /// How long the group committer waits, after the first reply became ready, for more calls to share its fsync. Zero
    /// syncs at once (calls that arrive during an fsync still share the next one). A longer delay buys throughput with
    /// latency: every acknowledged reply waits up to this long plus one fsync; nothing acknowledged is ever lost.
    /// </summary>
    public TimeSpan GroupCommitDelay { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Take a checkpoint (and truncate the log behind it) after this many log records; 0 only on request and at shutdown.</summary>
    public long CheckpointEveryRecords { get; init; } = 100_000;

    /// <summary>The monotonic counter the stored state is bound to (hardware/SPEC.md §12).</summary>
    public required IMonotonicCounter Counter { get; init; }

    /// <summary>
    /// Advance the counter at every group commit, before the replies are released (the default): a restarted daemon then
    /// detects any loss of acknowledged state (an old checkpoint, a truncated log). False advances it at checkpoints only
    /// (one counter write per checkpoint rather than per commit): rollback to a point after the last checkpoint is then
    /// left to the clients, which refuse a response with a commit number below one they have seen.
    /// </summary>
    public bool CounterEveryCommit { get; init; } = true;

    /// <summary>
    /// Keep superseded checkpoints and log segments in this directory instead of deleting them: an audit trail from which
    /// the device's whole history can be replayed (the crash campaign compares a recovered daemon with it). Null deletes.
    /// </summary>
    public string? ArchiveDirectory { get; init; }

    /// <summary>Test-only: runs before each log fsync of a group commit; throwing an <see cref="IOException"/> stands for a failed fsync.</summary>
    internal Action? BeforeLogSync { get; init; }

    /// <summary>
    /// INSECURE, the positive control of the security tests only: after a recovery's replay, keep the checkpoint's
    /// lifetime instead of moving to a new one, so calls lost with a crash and the calls that follow share PRNG blocks
    /// and page nonces.
    /// </summary>
    internal bool ContinueLifetimeAfterReplay { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="BoltConfigurationException">An option is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw new BoltConfigurationException("--data", "--data: give a directory.");
        }

        if (GroupCommitDelay < TimeSpan.Zero || GroupCommitDelay > TimeSpan.FromSeconds(1))
        {
            throw new BoltConfigurationException("--group-commit-delay", "--group-commit-delay: must be between 0 and 1000 ms.");
        }

        if (CheckpointEveryRecords < 0)
        {
            throw new BoltConfigurationException("--checkpoint-every", "--checkpoint-every: must be 0 (off) or a number of log records.");
        }

        ArgumentNullException.ThrowIfNull(Counter);
    }
}

namespace Bolt.Server.Durability;

/// <summary>What opening a data directory found and did.</summary>
public sealed record RecoveryReport
{
    /// <summary>True when the directory held no state and a new device (a new lifetime) was created.</summary>
    public bool Fresh { get; init; }

    /// <summary>The checkpoint restored (or, when fresh, the first one written).</summary>
    public ulong Checkpoint { get; init; }

    /// <summary>The device's commit number at that checkpoint.</summary>
    public ulong CheckpointCommit { get; init; }

    /// <summary>Log records replayed after it.</summary>
    public long RecordsReplayed { get; init; }

    /// <summary>Sealed command frames among them.</summary>
    public long FramesReplayed { get; init; }

    /// <summary>Bytes of a torn tail dropped (never acknowledged).</summary>
    public long TornBytes { get; init; }

    /// <summary>
    /// The log ended inside a streamed bulk load (a crash came before its last part): the load, never acknowledged,
    /// was abandoned and the device holds no map; the client loads again.
    /// </summary>
    public bool AbandonedLoad { get; init; }

    /// <summary>The commit number the device reached.</summary>
    public ulong Commit { get; init; }

    /// <summary>The counter's value when recovery began.</summary>
    public ulong Counter { get; init; }

    /// <summary>Time to restore, replay and write the new checkpoint.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Of <see cref="Elapsed"/>, the checkpoint's import: read, authenticated and restored into the device.</summary>
    public TimeSpan Restore { get; init; }

    /// <summary>One line for the operator.</summary>
    public override string ToString() => Fresh
        ? $"new data directory: checkpoint 0 written (a new device lifetime) in {Elapsed.TotalMilliseconds:F1} ms"
        : $"recovered checkpoint {Checkpoint} (commit {CheckpointCommit}), replayed {RecordsReplayed} log records ({FramesReplayed} frames){(TornBytes > 0 ? $", dropped a torn tail of {TornBytes} bytes" : "")}{(AbandonedLoad ? ", abandoned a bulk load the crash cut before its last part (load again)" : "")}, now at commit {Commit} (counter {Counter}), in {Elapsed.TotalMilliseconds:F1} ms (checkpoint import {Restore.TotalMilliseconds:F1} ms)";
}

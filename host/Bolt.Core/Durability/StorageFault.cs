namespace Bolt.Core.Durability;

/// <summary>What was wrong with stored durable state (checkpoint files, the write-ahead log, the counter).</summary>
public enum StorageFault
{
    /// <summary>A checkpoint failed authentication: a flipped bit, a forged header, a wrong host-page section.</summary>
    CheckpointCorrupted = 1,

    /// <summary>A checkpoint file ends before its declared size.</summary>
    CheckpointTruncated = 2,

    /// <summary>The stored state belongs to another device (another root key) or another map's parameters.</summary>
    WrongDevice = 3,

    /// <summary>A file does not hold what its name or its neighbours say: a renamed or swapped checkpoint, a log that continues another checkpoint.</summary>
    Mismatch = 4,

    /// <summary>A log record other than the last one is damaged (a torn last record is expected after a crash and dropped).</summary>
    LogCorrupted = 5,

    /// <summary>The stored state ends before the monotonic counter: an old checkpoint, a truncated log, or both.</summary>
    RolledBack = 6,

    /// <summary>The counter says state was stored, but the directory holds no checkpoint.</summary>
    Missing = 7,
}

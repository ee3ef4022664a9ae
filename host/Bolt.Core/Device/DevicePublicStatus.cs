namespace Bolt.Core.Device;

/// <summary>
/// Everything a device tells its host about itself (SPEC §11): counts the host could tally from its own view of
/// the traffic anyway. Device-private state — keys, the lifetime, item and stash counts, loads, the position map —
/// never leaves the device; the host runtime reads this record and nothing else.
/// </summary>
public readonly record struct DevicePublicStatus
{
    /// <summary>Command records the device has answered (refused ones included).</summary>
    public long Ops { get; init; }

    /// <summary>Command batches (frames, or plaintext-port calls) the device has answered.</summary>
    public long Batches { get; init; }

    /// <summary>Frames and hellos the device rejected before executing anything.</summary>
    public long FramesRejected { get; init; }

    /// <summary>Retransmitted command frames answered from a session's response cache.</summary>
    public long FramesRetransmitted { get; init; }

    /// <summary>Host pages that failed authentication (at most one per lifetime: the device then halts).</summary>
    public long IntegrityFailures { get; init; }

    /// <summary>True once an integrity failure has halted the device for the rest of its lifetime.</summary>
    public bool Halted { get; init; }

    /// <summary>True once the device holds a loaded map.</summary>
    public bool Initialised { get; init; }
}

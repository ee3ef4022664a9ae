namespace Bolt.Remote.Protocol;

/// <summary>The kinds of message of the daemon protocol (docs/protocol.md). Every request gets exactly one reply, in order.</summary>
public enum MessageType : byte
{
    /// <summary>Client → daemon, first message: magic "BOLT" and the protocol version.</summary>
    Hello = 1,

    /// <summary>Daemon → client: the reply to <see cref="Hello"/>: version, map parameters, device name, limits.</summary>
    Welcome = 2,

    /// <summary>Client → daemon: a 16-byte client hello of the sealed channel, relayed to the device.</summary>
    OpenSession = 3,

    /// <summary>Daemon → client: the device's 48-byte hello.</summary>
    SessionOpened = 4,

    /// <summary>Client → daemon: a sealed command frame, relayed to the device.</summary>
    CommandFrame = 5,

    /// <summary>Daemon → client: the device's sealed response frame.</summary>
    ResponseFrame = 6,

    /// <summary>Client → daemon: a sealed load frame, accepted once, while the device waits for its load.</summary>
    LoadFrame = 7,

    /// <summary>Daemon → client: the load was accepted (empty payload).</summary>
    Loaded = 8,

    /// <summary>Client → daemon: ask for the daemon's statistics (empty payload).</summary>
    StatsRequest = 9,

    /// <summary>Daemon → client: the statistics as one UTF-8 JSON object.</summary>
    Stats = 10,

    /// <summary>Client → daemon: take a checkpoint now (empty payload; a durable daemon only).</summary>
    CheckpointRequest = 11,

    /// <summary>Daemon → client: the checkpoint is durable; one UTF-8 JSON object (checkpoint, commit, bytes, ms).</summary>
    Checkpointed = 12,

    /// <summary>Daemon → client: a request was refused, or the connection is being closed (<see cref="ErrorCode"/>).</summary>
    Error = 15,
}

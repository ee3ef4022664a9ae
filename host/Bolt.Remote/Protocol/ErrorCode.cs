namespace Bolt.Remote.Protocol;

/// <summary>
/// Why the daemon sent an <see cref="MessageType.Error"/>. Codes below <see cref="ProtocolViolation"/> answer one
/// request and the connection goes on; the others are the daemon's last message before it closes the connection.
/// </summary>
public enum ErrorCode : byte
{
    /// <summary>The device rejected the frame or hello (the fault byte says which <see cref="Bolt.Core.Channel.ChannelFault"/>); nothing ran.</summary>
    ChannelRejected = 1,

    /// <summary>The device refused a load (the status byte says which <see cref="Bolt.Core.Abi.DeviceStatus"/>); it stays empty.</summary>
    LoadRefused = 2,

    /// <summary>The daemon takes no load frame: its device is already initialised (or never waits for a client's load).</summary>
    AlreadyInitialised = 3,

    /// <summary>The device is not initialised yet: a client must send the sealed load first.</summary>
    NotInitialised = 4,

    /// <summary>The device reported an error of its own (the message says which); the request's outcome is the device's.</summary>
    DeviceError = 5,

    /// <summary>The request needs durable state (a checkpoint) and the daemon keeps none: it was started without --data.</summary>
    NotDurable = 6,

    /// <summary>
    /// The daemon's durable storage failed (a log fsync did not succeed): it acknowledges nothing more and runs nothing
    /// more; the request did not run (or, for requests waiting on the failed fsync, its outcome is unknown). Restart the
    /// daemon on working storage: recovery restores every acknowledged write.
    /// </summary>
    StorageFailed = 7,

    /// <summary>The byte stream broke the protocol (bad hello, a message out of place, a malformed payload). Closes.</summary>
    ProtocolViolation = 16,

    /// <summary>A message declared a length above the daemon's limit. Closes.</summary>
    MessageTooLarge = 17,

    /// <summary>A message type the daemon does not know. Closes.</summary>
    UnknownMessage = 18,

    /// <summary>A message stayed incomplete longer than the daemon waits, or the connection sat idle too long. Closes.</summary>
    Timeout = 19,

    /// <summary>The daemon already serves its maximum number of clients. Closes.</summary>
    ServerFull = 20,

    /// <summary>The daemon is shutting down. Closes.</summary>
    ShuttingDown = 21,
}

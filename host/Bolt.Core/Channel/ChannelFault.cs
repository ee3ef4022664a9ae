namespace Bolt.Core.Channel;

/// <summary>Why a sealed-channel frame or handshake was rejected (SPEC §10).</summary>
public enum ChannelFault
{
    /// <summary>The frame's length, record count or kind does not fit the frame format.</summary>
    Malformed = 1,

    /// <summary>The frame names a session that the endpoint does not hold (never opened, closed or evicted).</summary>
    UnknownSession = 2,

    /// <summary>The frame's sequence number was already used: a replay.</summary>
    Replayed = 3,

    /// <summary>The frame's sequence number is ahead of the expected one: reordered or a frame was dropped.</summary>
    OutOfOrder = 4,

    /// <summary>The GCM tag does not authenticate the header and records: forged, corrupted or cross-session.</summary>
    BadTag = 5,

    /// <summary>The handshake failed: the device did not prove knowledge of the provisioning key.</summary>
    Handshake = 6,

    /// <summary>
    /// An authentic response carries a commit number below one the client has already seen from this device: the device
    /// was rolled back to older state (an old checkpoint, a truncated log). Found by the client, never by the device.
    /// </summary>
    RolledBack = 7,
}

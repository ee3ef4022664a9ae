using Bolt.Core.Channel;

namespace Bolt.Core;

/// <summary>
/// A sealed-channel frame or handshake was rejected: malformed, for an unknown session, replayed, out of
/// order, truncated or forged. A command frame rejected by the device executed nothing and did not advance
/// the session's sequence number. A response frame rejected by the client leaves the batch's outcome unknown to
/// the caller; the client keeps the sealed frame and retransmits it on the same session (SPEC §10.5), so the
/// batch runs at most once and never after a newer one.
/// </summary>
public class ChannelViolationException : BoltException
{
    /// <summary>Creates the exception for a fault, with a message that says what was checked.</summary>
    public ChannelViolationException(ChannelFault fault, string message)
        : base(message) => Fault = fault;

    /// <summary>
    /// What was wrong. Only <see cref="ChannelFault.BadTag"/> is a verdict on the bytes; the other faults are
    /// read from unauthenticated header fields and are hints for diagnostics.
    /// </summary>
    public ChannelFault Fault { get; }
}

namespace Bolt.Security.Tamper;

/// <summary>
/// One kind of attack by the host that relays sealed frames (SPEC §10). The campaign seals an honest frame,
/// lets the attack forge what the host delivers in its place, and expects the receiver to reject it: the
/// device with a <c>ChannelViolationException</c> that executes nothing (§10.4), or the client (§10.5).
/// </summary>
public interface IChannelAttack : ITamperAttack
{
    /// <summary>Which frame in transit the attack strikes.</summary>
    ChannelDirection Direction { get; }

    /// <summary>
    /// The bytes the host delivers instead of <see cref="ChannelTarget.InTransit"/>, or null if the attack has
    /// nothing to work with yet (no earlier frame to replay). Must not change the target's frames.
    /// </summary>
    byte[]? Forge(ChannelTarget target, Random random);
}

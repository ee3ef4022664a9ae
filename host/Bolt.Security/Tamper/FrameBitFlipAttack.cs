namespace Bolt.Security.Tamper;

/// <summary>
/// Flips one random bit anywhere in a frame in transit — header (session, sequence, count, kind), ciphertext or
/// tag — on its way to the device (a command frame) or back to the client (a response, after the device served
/// the batch).
/// </summary>
public sealed class FrameBitFlipAttack(ChannelDirection direction) : IChannelAttack
{
    /// <inheritdoc/>
    public string Name => Direction == ChannelDirection.Command ? "command bit flip" : "response bit flip";

    /// <inheritdoc/>
    public ChannelDirection Direction { get; } = direction;

    /// <inheritdoc/>
    public byte[]? Forge(ChannelTarget target, Random random)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(random);
        var forged = (byte[])target.InTransit.Clone();
        forged[random.Next(forged.Length)] ^= (byte)(1 << random.Next(8));
        return forged;
    }
}

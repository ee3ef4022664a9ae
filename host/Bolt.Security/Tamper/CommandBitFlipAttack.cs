namespace Bolt.Security.Tamper;

/// <summary>Flips one random bit anywhere in the command frame in transit: header (session, sequence, count, kind), ciphertext or tag.</summary>
public sealed class CommandBitFlipAttack : IChannelAttack
{
    /// <inheritdoc/>
    public string Name => "command bit flip";

    /// <inheritdoc/>
    public ChannelDirection Direction => ChannelDirection.Command;

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

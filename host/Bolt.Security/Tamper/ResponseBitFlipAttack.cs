namespace Bolt.Security.Tamper;

/// <summary>Flips one random bit anywhere in the response frame on its way back to the client (after the device served the batch).</summary>
public sealed class ResponseBitFlipAttack : IChannelAttack
{
    /// <inheritdoc/>
    public string Name => "response bit flip";

    /// <inheritdoc/>
    public ChannelDirection Direction => ChannelDirection.Response;

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

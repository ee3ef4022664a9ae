namespace Bolt.Security.Tamper;

/// <summary>Delivers the next honest command frame before the one in transit (a reordering; to the device it looks like a dropped frame).</summary>
public sealed class CommandReorderAttack : IChannelAttack
{
    /// <inheritdoc/>
    public string Name => "command reorder";

    /// <inheritdoc/>
    public ChannelDirection Direction => ChannelDirection.Command;

    /// <inheritdoc/>
    public byte[]? Forge(ChannelTarget target, Random random)
    {
        ArgumentNullException.ThrowIfNull(target);
        return (byte[]?)target.Next?.Clone();
    }
}

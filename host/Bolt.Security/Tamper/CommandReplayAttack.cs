namespace Bolt.Security.Tamper;

/// <summary>Delivers a command frame the device already served (this session's or an earlier one's) in place of the frame in transit.</summary>
public sealed class CommandReplayAttack : IChannelAttack
{
    /// <inheritdoc/>
    public string Name => "command replay";

    /// <inheritdoc/>
    public ChannelDirection Direction => ChannelDirection.Command;

    /// <inheritdoc/>
    public byte[]? Forge(ChannelTarget target, Random random)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(random);
        var earlier = target.EarlierCommands;
        return earlier.Count == 0 ? null : (byte[])earlier[random.Next(earlier.Count)].Clone();
    }
}

using Bolt.Core.Channel;

namespace Bolt.Security.Tamper;

/// <summary>
/// Crosses frames between two sessions on one device: either another session's genuine frame (over the same
/// records) relabelled with this session's id and sequence number, or this session's frame relabelled for the
/// other session (which the device may since have evicted).
/// </summary>
public sealed class CrossSessionAttack : IChannelAttack
{
    /// <inheritdoc/>
    public string Name => "cross-session frame";

    /// <inheritdoc/>
    public ChannelDirection Direction => ChannelDirection.Command;

    /// <inheritdoc/>
    public byte[]? Forge(ChannelTarget target, Random random)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(random);
        var frame = target.InTransit;
        int count = (int)FrameLayout.ReadCount(frame);
        if (random.Next(2) == 0)
        {
            var foreign = target.ForeignFrame();
            FrameLayout.WriteHeader(foreign, FrameLayout.ReadSessionId(frame), FrameLayout.ReadSequence(frame), count, FrameKind.Commands);
            return foreign;
        }

        // The other session never had a frame served, so it expects sequence number 0.
        var relabelled = (byte[])frame.Clone();
        FrameLayout.WriteHeader(relabelled, target.ForeignSessionId, 0, count, FrameKind.Commands);
        return relabelled;
    }
}

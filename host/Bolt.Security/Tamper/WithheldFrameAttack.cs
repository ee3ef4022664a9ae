namespace Bolt.Security.Tamper;

/// <summary>
/// Holds the command frame in transit back and hands the client an older response frame in place of its answer
/// (same length preferred), hoping the client moves on and the held frame can be delivered after a newer one
/// (SPEC §10.5). The client rejects the answer and retransmits the same frame, which runs once; the late copy must
/// then be rejected by the device.
/// </summary>
public sealed class WithheldFrameAttack : IChannelAttack
{
    /// <inheritdoc/>
    public string Name => "withheld frame";

    /// <inheritdoc/>
    public ChannelDirection Direction => ChannelDirection.Withheld;

    /// <inheritdoc/>
    public byte[]? Forge(ChannelTarget target, Random random)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(random);
        var earlier = target.EarlierResponses;
        if (earlier.Count == 0)
        {
            return null;
        }

        // The answer a frame of this many records would get is the one most like the real one.
        var sameCount = earlier.Where(r => FrameRecords(r) == FrameRecords(target.InTransit)).ToArray();
        var pool = sameCount.Length > 0 ? sameCount : [.. earlier];
        return (byte[])pool[random.Next(pool.Length)].Clone();
    }

    private static uint FrameRecords(byte[] frame) => Core.Channel.FrameLayout.ReadCount(frame);
}

using Bolt.Core.Channel;

namespace Bolt.Security.Tamper;

/// <summary>
/// Shortens the command frame in transit: either drops a random run of bytes anywhere, or, more cunningly,
/// drops one whole record and rewrites the header's count so the frame's shape is valid again.
/// </summary>
public sealed class CommandTruncationAttack : IChannelAttack
{
    /// <inheritdoc/>
    public string Name => "command truncation";

    /// <inheritdoc/>
    public ChannelDirection Direction => ChannelDirection.Command;

    /// <inheritdoc/>
    public byte[]? Forge(ChannelTarget target, Random random)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(random);
        var frame = target.InTransit;
        int count = (int)FrameLayout.ReadCount(frame);
        if (count >= 2 && random.Next(2) == 0)
        {
            int recordBytes = (frame.Length - FrameLayout.OverheadBytes) / count;
            int drop = random.Next(count);
            return Cut(frame, FrameLayout.HeaderBytes + (drop * recordBytes), recordBytes, count - 1);
        }

        int bytes = 1 + random.Next(frame.Length - 1);
        return Cut(frame, random.Next(frame.Length - bytes + 1), bytes, null);
    }

    /// <summary>The frame without <paramref name="length"/> bytes at <paramref name="start"/>; the count rewritten when given.</summary>
    private static byte[] Cut(byte[] frame, int start, int length, int? count)
    {
        var cut = new byte[frame.Length - length];
        frame.AsSpan(0, start).CopyTo(cut);
        frame.AsSpan(start + length).CopyTo(cut.AsSpan(start));
        if (count is { } n)
        {
            FrameLayout.WriteHeader(cut, FrameLayout.ReadSessionId(frame), FrameLayout.ReadSequence(frame), n, FrameLayout.ReadKind(frame));
        }

        return cut;
    }
}

using System.Buffers;
using System.Buffers.Binary;
using Bolt.Core.Channel;
using Bolt.Core.Device;

namespace Bolt.Server.Durability;

/// <summary>The payload of a <see cref="LogRecordKind.Frames"/> record: a u32 count, then each frame as u32 length and bytes.</summary>
internal static class LoggedFrames
{
    /// <summary>Writes the payload of a call's command frames.</summary>
    public static void Write(ArrayBufferWriter<byte> destination, IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination.GetSpan(4), (uint)frames.Count);
        destination.Advance(4);
        foreach (var frame in frames)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination.GetSpan(4), (uint)frame.Length);
            destination.Advance(4);
            destination.Write(frame.Span);
        }
    }

    /// <summary>Rebuilds the call as a batch whose responses go to <paramref name="responses"/> (read by no one: replay only rebuilds state).</summary>
    public static SealedFrameBatch Read(ReadOnlyMemory<byte> payload, int responseBytes, byte[] responses)
    {
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload.Span);
        var batch = new SealedFrameBatch(Math.Max(count, 1));
        int offset = 4;
        int maxFrame = FrameLayout.Bytes(ChannelEndpoint.MaxFrameRecords, responseBytes);
        for (int i = 0; i < count; i++)
        {
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload.Span[offset..]);
            batch.Add(payload.Slice(offset + 4, length), responses.AsMemory(0, maxFrame));
            offset += 4 + length;
        }

        return batch;
    }
}

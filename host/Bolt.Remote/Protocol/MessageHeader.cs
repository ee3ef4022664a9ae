using System.Buffers;
using System.Buffers.Binary;

namespace Bolt.Remote.Protocol;

/// <summary>
/// The 5-byte header in front of every message: payload length (u32, little-endian), then the type (u8). The
/// reader refuses a declared length above its limit before buffering any of the payload, so a peer cannot make the
/// other side hold more than one maximal message.
/// </summary>
public static class MessageHeader
{
    /// <summary>Bytes of the header.</summary>
    public const int Bytes = 5;

    /// <summary>The protocol version this code speaks.</summary>
    public const ushort Version = 1;

    /// <summary>Writes a header for a payload of <paramref name="payloadBytes"/> bytes.</summary>
    public static void Write(Span<byte> destination, MessageType type, int payloadBytes)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)payloadBytes);
        destination[4] = (byte)type;
    }

    /// <summary>Reads a header.</summary>
    public static (uint PayloadBytes, MessageType Type) Read(ReadOnlySpan<byte> source) =>
        (BinaryPrimitives.ReadUInt32LittleEndian(source), (MessageType)source[4]);

    /// <summary>
    /// Takes one whole message off the front of <paramref name="buffer"/>, if it is all there.
    /// </summary>
    /// <returns>True when a message was taken; false when more bytes are needed.</returns>
    /// <exception cref="ProtocolException">The declared length exceeds <paramref name="maxPayloadBytes"/>.</exception>
    public static bool TryTake(ref ReadOnlySequence<byte> buffer, long maxPayloadBytes, out MessageType type, out ReadOnlySequence<byte> payload)
    {
        type = default;
        payload = default;
        if (buffer.Length < Bytes)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[Bytes];
        buffer.Slice(0, Bytes).CopyTo(header);
        (uint length, type) = Read(header);
        if (length > maxPayloadBytes)
        {
            throw new ProtocolException(ErrorCode.MessageTooLarge, $"a {type} message declares {length} payload bytes; the limit is {maxPayloadBytes}");
        }

        if (buffer.Length < Bytes + length)
        {
            return false;
        }

        payload = buffer.Slice(Bytes, length);
        buffer = buffer.Slice(Bytes + length);
        return true;
    }
}

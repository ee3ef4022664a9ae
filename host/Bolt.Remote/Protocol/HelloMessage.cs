using System.Buffers.Binary;

namespace Bolt.Remote.Protocol;

/// <summary>The client's first message: the magic "BOLT" and the protocol version (u16).</summary>
public static class HelloMessage
{
    /// <summary>Payload bytes.</summary>
    public const int Bytes = 6;

    /// <summary>Writes the payload.</summary>
    public static void Write(Span<byte> destination)
    {
        "BOLT"u8.CopyTo(destination);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], MessageHeader.Version);
    }

    /// <summary>Checks a hello payload.</summary>
    /// <exception cref="ProtocolException">Not a Bolt hello, or another protocol version.</exception>
    public static void Check(ReadOnlySpan<byte> payload)
    {
        if (payload.Length != Bytes || !payload[..4].SequenceEqual("BOLT"u8))
        {
            throw new ProtocolException(ErrorCode.ProtocolViolation, "the first message must be a hello: \"BOLT\" and the protocol version");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(payload[4..]);
        if (version != MessageHeader.Version)
        {
            throw new ProtocolException(ErrorCode.ProtocolViolation, $"protocol version {version} is not spoken here (version {MessageHeader.Version})");
        }
    }
}

using System.Buffers.Binary;

namespace Bolt.Server.Durability;

/// <summary>
/// The framing of one log record:
/// <code>
/// [0..4)    payload length u32
/// [4..8)    CRC-32C of [8..24+length)
/// [8..12)   kind u32 (<see cref="LogRecordKind"/>)
/// [12..16)  zero
/// [16..24)  index u64: the record's place in its segment (0, 1, 2, …)
/// [24..)    payload
/// </code>
/// </summary>
internal static class LogRecord
{
    public const int HeaderBytes = 24;

    /// <summary>The most payload bytes a record may declare (a whole load of the largest map fits).</summary>
    public const long MaxPayloadBytes = 1L << 31;

    public static void WriteHeader(Span<byte> header, LogRecordKind kind, long index, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)kind);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], index);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Checksum(header, payload));
    }

    public static uint Checksum(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload) =>
        ~Crc32C.Append(Crc32C.Append(~0u, header[8..HeaderBytes]), payload);
}

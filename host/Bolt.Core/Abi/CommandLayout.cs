using System.Buffers.Binary;

namespace Bolt.Core.Abi;

/// <summary>
/// A command record (SPEC §8), <c>CommandBytes</c> long whatever the op:
/// <code>
/// [0..4)   op u32
/// [4..8)   value length u32
/// [8..16)  reserved u64 (0)
/// [16..32) digest
/// [32..)   value, zero padded to roundup16(V)
/// </code>
/// </summary>
public static class CommandLayout
{
    /// <summary>Offset of the value length.</summary>
    public const int LengthOffset = 4;

    /// <summary>Offset of the digest.</summary>
    public const int DigestOffset = 16;

    /// <summary>Offset of the value.</summary>
    public const int ValueOffset = 32;

    /// <summary>Writes a whole command record, zeroing the padding.</summary>
    public static void Write(Span<byte> record, OpCode op, Digest128 digest, ReadOnlySpan<byte> value)
    {
        record.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)op);
        BinaryPrimitives.WriteUInt32LittleEndian(record[LengthOffset..], (uint)value.Length);
        digest.Write(record[DigestOffset..]);
        value.CopyTo(record[ValueOffset..]);
    }

    /// <summary>Writes a command whose declared length may differ from the bytes carried (bad-input tests).</summary>
    public static void WriteRaw(Span<byte> record, uint op, uint length, Digest128 digest)
    {
        record.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(record, op);
        BinaryPrimitives.WriteUInt32LittleEndian(record[LengthOffset..], length);
        digest.Write(record[DigestOffset..]);
    }

    /// <summary>The op field (possibly not a valid <see cref="OpCode"/>).</summary>
    public static uint ReadOp(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadUInt32LittleEndian(record);

    /// <summary>The declared value length.</summary>
    public static uint ReadLength(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadUInt32LittleEndian(record[LengthOffset..]);

    /// <summary>The digest.</summary>
    public static Digest128 ReadDigest(ReadOnlySpan<byte> record) => Digest128.Read(record[DigestOffset..]);
}

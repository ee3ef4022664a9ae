using System.Buffers.Binary;

namespace Bolt.Core;

/// <summary>A 128-bit key digest: the only form in which the device ever sees a key (SPEC §2).</summary>
public readonly record struct Digest128(ulong Lo, ulong Hi)
{
    /// <summary>The reserved all-zero digest that marks an empty slot.</summary>
    public static Digest128 Zero => default;

    /// <summary>True for the reserved all-zero digest.</summary>
    public bool IsZero => (Lo | Hi) == 0;

    /// <summary>Reads a digest from 16 little-endian bytes.</summary>
    public static Digest128 Read(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));

    /// <summary>Writes the digest as 16 little-endian bytes.</summary>
    public void Write(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, Lo);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], Hi);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Hi:x16}{Lo:x16}";
}

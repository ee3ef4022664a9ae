using System.Buffers.Binary;

namespace Bolt.Core.Abi;

/// <summary>
/// A slot in a host page or an HBM record (SPEC §2):
/// <code>
/// [0..16)  digest
/// [16..20) meta: bit 31 occupied, bits 0..30 value length
/// [20..)   value, zero padded to SlotBytes
/// </code>
/// </summary>
public static class SlotLayout
{
    /// <summary>Offset of the meta word.</summary>
    public const int MetaOffset = 16;

    /// <summary>Offset of the value bytes.</summary>
    public const int ValueOffset = 20;

    /// <summary>Meta bit that marks an occupied slot.</summary>
    public const uint OccupiedBit = 1u << 31;

    /// <summary>True when the slot holds an item.</summary>
    public static bool IsOccupied(ReadOnlySpan<byte> slot) => (ReadMeta(slot) & OccupiedBit) != 0;

    /// <summary>The value length stored in the slot.</summary>
    public static int ValueLength(ReadOnlySpan<byte> slot) => (int)(ReadMeta(slot) & ~OccupiedBit);

    /// <summary>True when the slot is occupied by this digest.</summary>
    public static bool Holds(ReadOnlySpan<byte> slot, ulong lo, ulong hi) =>
        IsOccupied(slot)
        && BinaryPrimitives.ReadUInt64LittleEndian(slot) == lo
        && BinaryPrimitives.ReadUInt64LittleEndian(slot[8..]) == hi;

    /// <summary>Writes an occupied slot; the padding after the value is zeroed.</summary>
    public static void Write(Span<byte> slot, ulong lo, ulong hi, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(slot, lo);
        BinaryPrimitives.WriteUInt64LittleEndian(slot[8..], hi);
        BinaryPrimitives.WriteUInt32LittleEndian(slot[MetaOffset..], OccupiedBit | (uint)value.Length);
        value.CopyTo(slot[ValueOffset..]);
        slot[(ValueOffset + value.Length)..].Clear();
    }

    private static uint ReadMeta(ReadOnlySpan<byte> slot) => BinaryPrimitives.ReadUInt32LittleEndian(slot[MetaOffset..]);
}

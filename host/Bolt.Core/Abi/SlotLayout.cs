using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    /// <summary>
    /// The index of the first slot of <paramref name="slots"/> (consecutive slots of <paramref name="slotBytes"/> each)
    /// that <see cref="Holds"/> this digest, or −1. The same answer as calling <see cref="Holds"/> on each in turn,
    /// without a slice and bounds checks per slot: it is the search of every access's home page.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slotBytes"/> is shorter than a slot's header.</exception>
    public static int IndexOf(ReadOnlySpan<byte> slots, int slotBytes, ulong lo, ulong hi)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slotBytes, ValueOffset);
        ref byte start = ref MemoryMarshal.GetReference(slots);
        int count = slots.Length / slotBytes;
        for (int s = 0; s < count; s++)
        {
            ref byte slot = ref Unsafe.Add(ref start, s * slotBytes);
            if (ReadLittleEndian64(ref slot) == lo
                && ReadLittleEndian64(ref Unsafe.Add(ref slot, 8)) == hi
                && (ReadLittleEndian32(ref Unsafe.Add(ref slot, MetaOffset)) & OccupiedBit) != 0)
            {
                return s;
            }
        }

        return -1;
    }

    /// <summary>Writes an occupied slot; the padding after the value is zeroed.</summary>
    public static void Write(Span<byte> slot, ulong lo, ulong hi, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(slot, lo);
        BinaryPrimitives.WriteUInt64LittleEndian(slot[8..], hi);
        BinaryPrimitives.WriteUInt32LittleEndian(slot[MetaOffset..], OccupiedBit | (uint)value.Length);
        value.CopyTo(slot[ValueOffset..]);
        slot[(ValueOffset + value.Length)..].Clear();
    }

    private static ulong ReadLittleEndian64(ref byte at)
    {
        ulong value = Unsafe.ReadUnaligned<ulong>(ref at);
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    private static uint ReadLittleEndian32(ref byte at)
    {
        uint value = Unsafe.ReadUnaligned<uint>(ref at);
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    private static uint ReadMeta(ReadOnlySpan<byte> slot) => BinaryPrimitives.ReadUInt32LittleEndian(slot[MetaOffset..]);
}

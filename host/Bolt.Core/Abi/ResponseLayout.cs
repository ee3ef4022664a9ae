using System.Buffers.Binary;

namespace Bolt.Core.Abi;

/// <summary>
/// A response record (SPEC §8), <c>ResponseBytes</c> long whatever the outcome:
/// <code>
/// [0..4)   status u32
/// [4..8)   value length u32
/// [8..12)  flags u32 (bit 0: the key was present before the access)
/// [12..16) reserved u32
/// [16..)   value, zero padded to roundup16(V)
/// </code>
/// </summary>
public static class ResponseLayout
{
    /// <summary>Offset of the value length.</summary>
    public const int LengthOffset = 4;

    /// <summary>Offset of the flags word.</summary>
    public const int FlagsOffset = 8;

    /// <summary>Offset of the value.</summary>
    public const int ValueOffset = 16;

    /// <summary>Flag bit: the key was present before the access.</summary>
    public const uint WasPresentFlag = 1;

    /// <summary>Writes a whole response record, zeroing the padding.</summary>
    public static void Write(Span<byte> record, DeviceStatus status, bool wasPresent, ReadOnlySpan<byte> value)
    {
        record.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)status);
        BinaryPrimitives.WriteUInt32LittleEndian(record[LengthOffset..], (uint)value.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record[FlagsOffset..], wasPresent ? WasPresentFlag : 0);
        value.CopyTo(record[ValueOffset..]);
    }

    /// <summary>The status.</summary>
    public static DeviceStatus ReadStatus(ReadOnlySpan<byte> record) => (DeviceStatus)BinaryPrimitives.ReadUInt32LittleEndian(record);

    /// <summary>True when the key was present before the access.</summary>
    public static bool ReadWasPresent(ReadOnlySpan<byte> record) =>
        (BinaryPrimitives.ReadUInt32LittleEndian(record[FlagsOffset..]) & WasPresentFlag) != 0;

    /// <summary>The value bytes (empty unless a get hit).</summary>
    public static ReadOnlySpan<byte> ReadValue(ReadOnlySpan<byte> record) =>
        record.Slice(ValueOffset, (int)BinaryPrimitives.ReadUInt32LittleEndian(record[LengthOffset..]));
}

using System.Buffers.Binary;
using Bolt.Core;
using Bolt.Core.Durability;

namespace Bolt.Server.Durability;

/// <summary>
/// The header of a log segment: the segment continues exactly one checkpoint (its number and salt) of one device.
/// <code>
/// [0..8)    magic "BOLTWAL1"
/// [8..16)   checkpoint number u64
/// [16..32)  checkpoint salt
/// [32..48)  device id
/// [48..56)  commit number at the checkpoint u64
/// [56..60)  CRC-32C of [0..56)
/// [60..64)  zero
/// </code>
/// </summary>
internal sealed record LogSegmentHeader(ulong Checkpoint, byte[] Salt, byte[] DeviceId, ulong StartCommit)
{
    public const int Bytes = 64;

    private static ReadOnlySpan<byte> Magic => "BOLTWAL1"u8;

    public byte[] ToBytes()
    {
        var bytes = new byte[Bytes];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), Checkpoint);
        Salt.CopyTo(bytes, 16);
        DeviceId.CopyTo(bytes, 32);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(48), StartCommit);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(56), Crc32C.Of(bytes.AsSpan(0, 56)));
        return bytes;
    }

    /// <summary>Reads a header and checks that it continues <paramref name="checkpoint"/>.</summary>
    /// <exception cref="DurableStorageException">Damaged, another device's log, or the log of another checkpoint.</exception>
    public static LogSegmentHeader ReadFor(ReadOnlySpan<byte> bytes, CheckpointHeader checkpoint, string file)
    {
        if (bytes.Length < Bytes || !bytes[..8].SequenceEqual(Magic) || BinaryPrimitives.ReadUInt32LittleEndian(bytes[56..]) != Crc32C.Of(bytes[..56]))
        {
            throw new DurableStorageException(StorageFault.LogCorrupted, $"{file} has no valid log header; it is damaged or not a Bolt log.");
        }

        var header = new LogSegmentHeader(BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]), bytes.Slice(16, 16).ToArray(), bytes.Slice(32, 16).ToArray(),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[48..]));
        if (!header.DeviceId.AsSpan().SequenceEqual(checkpoint.DeviceId))
        {
            throw new DurableStorageException(StorageFault.WrongDevice, $"{file} is the log of another device (device id {Convert.ToHexString(header.DeviceId)}).");
        }

        if (header.Checkpoint != checkpoint.Number || !header.Salt.AsSpan().SequenceEqual(checkpoint.Salt) || header.StartCommit != checkpoint.CommitNumber)
        {
            throw new DurableStorageException(StorageFault.Mismatch,
                $"{file} continues checkpoint {header.Checkpoint} (commit {header.StartCommit}), not the checkpoint {checkpoint.Number} (commit {checkpoint.CommitNumber}) it sits next to: files were swapped or restored from different times.");
        }

        return header;
    }
}

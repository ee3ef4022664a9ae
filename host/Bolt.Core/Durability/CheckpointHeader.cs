using System.Buffers.Binary;

namespace Bolt.Core.Durability;

/// <summary>
/// The public header of a checkpoint file (hardware/SPEC.md §12). Every field is authenticated: the whole header is
/// the associated data of every sealed chunk of the image.
/// <code>
/// [0..8)     magic "BOLTCKPT"
/// [8..12)    format u32 (1)
/// [12..16)   reserved, zero
/// [16..24)   checkpoint number u64
/// [24..32)   commit number u64: the device's commits when the image was taken
/// [32..40)   counter u64: the monotonic counter's value the checkpoint is bound to
/// [40..56)   salt: 16 random bytes; the image key is AES(K_ckpt, salt), so no two checkpoints share a key
/// [56..72)   device id: public, derived from the root key (names the device, reveals nothing)
/// [72..80)   image bytes u64 (plaintext; fixed by the parameters)
/// [80..88)   host bytes u64 (the host-page section; fixed by the parameters)
/// [88..120)  SHA-256 of the host-page section
/// </code>
/// The sealed image follows in chunks of <see cref="ChunkBytes"/> (ciphertext, then a 16-byte GCM tag; nonce = chunk
/// index u64 ‖ last-chunk flag u32), then the host-page section in the clear (it holds sealed pages only).
/// </summary>
public sealed record CheckpointHeader
{
    /// <summary>Bytes of the header.</summary>
    public const int Bytes = 120;

    /// <summary>Plaintext bytes per sealed chunk.</summary>
    public const int ChunkBytes = 1 << 20;

    /// <summary>Bytes of a chunk's GCM tag.</summary>
    public const int TagBytes = 16;

    /// <summary>The format this code writes and reads.</summary>
    public const uint Format = 1;

    private static ReadOnlySpan<byte> Magic => "BOLTCKPT"u8;

    /// <summary>The checkpoint's number (0 for the one taken when a data directory is created).</summary>
    public ulong Number { get; init; }

    /// <summary>The device's commit number when the image was taken.</summary>
    public ulong CommitNumber { get; init; }

    /// <summary>The monotonic counter's value the checkpoint is bound to.</summary>
    public ulong Counter { get; init; }

    /// <summary>The random salt of this checkpoint's image key.</summary>
    public byte[] Salt { get; init; } = new byte[16];

    /// <summary>The device's public id.</summary>
    public byte[] DeviceId { get; init; } = new byte[16];

    /// <summary>Plaintext bytes of the sealed image.</summary>
    public long ImageBytes { get; init; }

    /// <summary>Bytes of the host-page section.</summary>
    public long HostBytes { get; init; }

    /// <summary>SHA-256 of the host-page section.</summary>
    public byte[] HostDigest { get; init; } = new byte[32];

    /// <summary>Chunks the sealed image takes.</summary>
    public long Chunks => Math.Max(1, (ImageBytes + ChunkBytes - 1) / ChunkBytes);

    /// <summary>Bytes of the sealed image on disk (ciphertext and tags).</summary>
    public long SealedImageBytes => ImageBytes + (Chunks * TagBytes);

    /// <summary>Bytes of the whole file.</summary>
    public long FileBytes => Bytes + SealedImageBytes + HostBytes;

    /// <summary>Writes the header.</summary>
    public void Write(Span<byte> destination)
    {
        destination[..Bytes].Clear();
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Format);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], Number);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], CommitNumber);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[32..], Counter);
        Salt.CopyTo(destination[40..]);
        DeviceId.CopyTo(destination[56..]);
        BinaryPrimitives.WriteInt64LittleEndian(destination[72..], ImageBytes);
        BinaryPrimitives.WriteInt64LittleEndian(destination[80..], HostBytes);
        HostDigest.CopyTo(destination[88..]);
    }

    /// <summary>Reads a header; its fields are not yet authenticated (the first chunk's tag does that).</summary>
    /// <exception cref="DurableStorageException">Not a checkpoint file, or a format this code does not read.</exception>
    public static CheckpointHeader Read(ReadOnlySpan<byte> source, string file)
    {
        if (source.Length < Bytes || !source[..8].SequenceEqual(Magic))
        {
            throw new DurableStorageException(source.Length < Bytes ? StorageFault.CheckpointTruncated : StorageFault.CheckpointCorrupted,
                $"{file} is not a Bolt checkpoint (no header).");
        }

        uint format = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]);
        if (format != Format)
        {
            throw new DurableStorageException(StorageFault.CheckpointCorrupted, $"{file} has checkpoint format {format}; this build reads format {Format}.");
        }

        long image = BinaryPrimitives.ReadInt64LittleEndian(source[72..]);
        long host = BinaryPrimitives.ReadInt64LittleEndian(source[80..]);
        if (image is <= 0 or > 1L << 42 || host is < 0 or > 1L << 46)
        {
            throw new DurableStorageException(StorageFault.CheckpointCorrupted, $"{file} declares impossible sizes (image {image} bytes, host pages {host} bytes).");
        }

        return new CheckpointHeader
        {
            Number = BinaryPrimitives.ReadUInt64LittleEndian(source[16..]),
            CommitNumber = BinaryPrimitives.ReadUInt64LittleEndian(source[24..]),
            Counter = BinaryPrimitives.ReadUInt64LittleEndian(source[32..]),
            Salt = source.Slice(40, 16).ToArray(),
            DeviceId = source.Slice(56, 16).ToArray(),
            ImageBytes = image,
            HostBytes = host,
            HostDigest = source.Slice(88, 32).ToArray(),
        };
    }
}

using System.Security.Cryptography;
using Bolt.Core.Device;

namespace Bolt.Core.Durability;

/// <summary>
/// The host-page section of a checkpoint file: a copy of the host region as it was when the image was taken, so that
/// recovery can replay the log from exactly those pages. The pages are sealed already; the header carries their
/// SHA-256, so a changed section fails before the device serves (rather than at the first access that reads it).
/// </summary>
public static class CheckpointHostSection
{
    private const int Piece = 1 << 20;

    /// <summary>SHA-256 of the whole region.</summary>
    public static byte[] Digest(HostRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (long offset = 0; offset < region.Length; offset += Piece)
        {
            hash.AppendData(region.Slice(offset, (int)Math.Min(Piece, region.Length - offset)));
        }

        return hash.GetHashAndReset();
    }

    /// <summary>Writes the region to <paramref name="destination"/>.</summary>
    public static void Write(HostRegion region, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(destination);
        for (long offset = 0; offset < region.Length; offset += Piece)
        {
            destination.Write(region.Slice(offset, (int)Math.Min(Piece, region.Length - offset)));
        }
    }

    /// <summary>Copies the section into <paramref name="region"/> and checks its digest against the (authenticated) header.</summary>
    /// <exception cref="DurableStorageException">The section is short or its digest differs.</exception>
    public static void Restore(Stream source, CheckpointHeader header, HostRegion region, string file)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(region);
        if (header.HostBytes != region.Length)
        {
            throw new DurableStorageException(StorageFault.WrongDevice, $"{file} holds {header.HostBytes} bytes of host pages; this map's region has {region.Length}.");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (long offset = 0; offset < region.Length; offset += Piece)
        {
            var piece = region.Slice(offset, (int)Math.Min(Piece, region.Length - offset));
            if (source.ReadAtLeast(piece, piece.Length, throwOnEndOfStream: false) < piece.Length)
            {
                throw new DurableStorageException(StorageFault.CheckpointTruncated, $"{file} ends inside its host-page section; the file was cut short.");
            }

            hash.AppendData(piece);
        }

        if (!CryptographicOperations.FixedTimeEquals(hash.GetHashAndReset(), header.HostDigest))
        {
            throw new DurableStorageException(StorageFault.CheckpointCorrupted, $"{file}: the host-page section does not match the digest the sealed header names; it was changed.");
        }
    }
}

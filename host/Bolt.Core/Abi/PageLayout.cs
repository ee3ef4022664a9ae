using System.Buffers.Binary;

namespace Bolt.Core.Abi;

/// <summary>
/// A sealed host page (SPEC §5):
/// <code>
/// [0..8)    version u64      ┐ header, authenticated as AAD
/// [8..12)   page index u32   │
/// [12..16)  magic "BOLT"     ┘
/// [16..16+l_max·SlotBytes)  AES-128-GCM ciphertext of the slots
/// [..+16)   GCM tag
/// </code>
/// </summary>
public static class PageLayout
{
    /// <summary>Bytes of the plaintext header.</summary>
    public const int HeaderBytes = 16;

    /// <summary>Bytes of the GCM tag.</summary>
    public const int TagBytes = 16;

    /// <summary>"BOLT" as a little-endian u32.</summary>
    public const uint Magic = 0x544C4F42;

    /// <summary>Writes the header of a page.</summary>
    public static void WriteHeader(Span<byte> page, ulong version, uint pageIndex)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(page, version);
        BinaryPrimitives.WriteUInt32LittleEndian(page[8..], pageIndex);
        BinaryPrimitives.WriteUInt32LittleEndian(page[12..], Magic);
    }

    /// <summary>The version the header claims (unauthenticated until the tag checks).</summary>
    public static ulong ReadVersion(ReadOnlySpan<byte> page) => BinaryPrimitives.ReadUInt64LittleEndian(page);

    /// <summary>The page index the header claims (unauthenticated until the tag checks).</summary>
    public static uint ReadPageIndex(ReadOnlySpan<byte> page) => BinaryPrimitives.ReadUInt32LittleEndian(page[8..]);

    /// <summary>The magic the header carries.</summary>
    public static uint ReadMagic(ReadOnlySpan<byte> page) => BinaryPrimitives.ReadUInt32LittleEndian(page[12..]);

    /// <summary>The GCM nonce of a page version: page index u32 ‖ version u64.</summary>
    public static void WriteNonce(Span<byte> nonce, uint pageIndex, ulong version)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(nonce, pageIndex);
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[4..], version);
    }
}

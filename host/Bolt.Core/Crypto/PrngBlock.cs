using System.Buffers.Binary;

namespace Bolt.Core.Crypto;

/// <summary>One AES-CTR output block as four 32-bit words (SPEC §3).</summary>
public readonly record struct PrngBlock(uint W0, uint W1, uint W2, uint W3)
{
    /// <summary>Writes the block as its 16 output bytes, w0..w3 little-endian.</summary>
    public void Write(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, W0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[4..], W1);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[8..], W2);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[12..], W3);
    }
}

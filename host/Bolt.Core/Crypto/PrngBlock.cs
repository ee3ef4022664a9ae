using System.Buffers.Binary;

namespace Bolt.Core.Crypto;

/// <summary>One AES-CTR output block as four 32-bit words, or two 64-bit words (SPEC §3).</summary>
public readonly record struct PrngBlock(uint W0, uint W1, uint W2, uint W3)
{
    /// <summary>The first 64-bit word: bytes 0..7 (<c>w0 | w1 &lt;&lt; 32</c>).</summary>
    public ulong Q0 => W0 | ((ulong)W1 << 32);

    /// <summary>The second 64-bit word: bytes 8..15 (<c>w2 | w3 &lt;&lt; 32</c>).</summary>
    public ulong Q1 => W2 | ((ulong)W3 << 32);

    /// <summary>Writes the block as its 16 output bytes, w0..w3 little-endian.</summary>
    public void Write(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, W0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[4..], W1);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[8..], W2);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[12..], W3);
    }
}

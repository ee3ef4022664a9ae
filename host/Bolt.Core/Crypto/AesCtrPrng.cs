using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Bolt.Core.Crypto;

/// <summary>
/// The device PRNG (SPEC §3): AES-128-CTR under <c>K_prng</c>, addressed by (domain, index) so that the
/// simulator and the kernel draw identical numbers for the same access, with no state to keep in step.
/// </summary>
public sealed class AesCtrPrng
{
    /// <summary>Domain of the per-access draws.</summary>
    public const uint AccessDomain = 0;

    /// <summary>Domain of the bulk-load draws.</summary>
    public const uint LoadDomain = 1;

    /// <summary>Domain of the device nonces of channel sessions (SPEC §10), indexed by session id.</summary>
    public const uint SessionDomain = 2;

    private readonly Aes128 _aes;

    /// <summary>Creates the PRNG from the device root key (derives <c>K_prng</c> itself).</summary>
    public AesCtrPrng(ReadOnlySpan<byte> deviceKey)
    {
        Span<byte> key = stackalloc byte[16];
        Aes128.DeriveKey(deviceKey, KeyLabels.Prng, key);
        _aes = new Aes128(key);
    }

    /// <summary>The four 32-bit words of block (domain, index).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PrngBlock Block(uint domain, ulong index)
    {
        Span<byte> block = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(block, index);
        BinaryPrimitives.WriteUInt32LittleEndian(block[8..], domain);
        BinaryPrimitives.WriteUInt32LittleEndian(block[12..], 0);
        _aes.EncryptBlock(block, block);
        return new PrngBlock(
            BinaryPrimitives.ReadUInt32LittleEndian(block),
            BinaryPrimitives.ReadUInt32LittleEndian(block[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(block[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(block[12..]));
    }

    /// <summary>Multiply-shift range reduction: a value in [0, n) from a 32-bit word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Range(uint word, int n) => (int)(((ulong)word * (uint)n) >> 32);
}

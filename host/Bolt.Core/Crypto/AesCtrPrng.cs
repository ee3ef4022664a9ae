using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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

    /// <summary>Domain of the per-access dummy pages, indexed like <see cref="AccessDomain"/> by access number.</summary>
    public const uint DummyDomain = 3;

    private readonly Aes128 _aes;

    /// <summary>Creates the PRNG from the lifetime key <c>K_life</c> (derives <c>K_prng</c> itself).</summary>
    public AesCtrPrng(ReadOnlySpan<byte> lifetimeKey)
    {
        Span<byte> key = stackalloc byte[16];
        Aes128.DeriveKey(lifetimeKey, KeyLabels.Prng, key);
        _aes = new Aes128(key);
    }

    /// <summary>The four 32-bit words of block (domain, index).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PrngBlock Block(uint domain, ulong index)
    {
        if (BitConverter.IsLittleEndian)
        {
            // The same block in a register: the little-endian words of the input and output are the lanes.
            var words = _aes.Encrypt(Vector128.Create(index, (ulong)domain).AsByte()).AsUInt32();
            return new PrngBlock(words.GetElement(0), words.GetElement(1), words.GetElement(2), words.GetElement(3));
        }

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

    /// <summary>
    /// Multiply-shift range reduction of a 64-bit word: <c>(x · n) >> 64</c>, a value in [0, n). For n &lt; 2^32 each
    /// value's probability is within n/2^64 of 1/n, so any two such laws over the same range differ by less than
    /// 2^-32 in total variation (SPEC §3).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Range64(ulong x, int n) => (int)Math.BigMul(x, (ulong)(uint)n, out _);

    /// <summary>
    /// The first version's 32-bit multiply-shift range, <c>(w · n) >> 32</c>: its bias of up to n/2^32 differs between
    /// a range of H pages and a range of M bins, so it is kept only for the <c>BiasedDummies</c> positive control.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Range(uint word, int n) => (int)(((ulong)word * (uint)n) >> 32);
}

using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Bolt.Core.Crypto;

/// <summary>
/// AES-128-GCM with 12-byte nonces and 16-byte tags, byte-identical to
/// <see cref="System.Security.Cryptography.AesGcm"/> for those sizes, but allocation-free and built on
/// AES-NI and PCLMULQDQ (a portable fallback runs where they are missing).
/// Instances are immutable after construction and may be shared between threads.
/// </summary>
public sealed partial class AesGcm128
{
    /// <summary>Key size in bytes.</summary>
    public const int KeySize = 16;

    /// <summary>Nonce size in bytes (the only size supported: J0 = nonce || 0x00000001).</summary>
    public const int NonceSize = 12;

    /// <summary>Tag size in bytes.</summary>
    public const int TagSize = 16;

    private readonly Aes128 _aes;
    private readonly Ghash _ghash;

    /// <summary>Creates an AES-128-GCM instance for <paramref name="key"/>.</summary>
    /// <param name="key">Exactly <see cref="KeySize"/> bytes.</param>
    /// <exception cref="ArgumentException">The key is not 16 bytes long.</exception>
    public AesGcm128(ReadOnlySpan<byte> key)
        : this(key, forceSoftware: false)
    {
    }

    /// <summary>
    /// Test hook: <paramref name="forceSoftware"/> selects the portable AES and GHASH; <paramref name="allowWide"/>
    /// false keeps GHASH to 128-bit PCLMULQDQ where the 512-bit form exists.
    /// </summary>
    internal AesGcm128(ReadOnlySpan<byte> key, bool forceSoftware, bool allowWide = true)
    {
        _aes = new Aes128(key, forceSoftware);
        _ghash = new Ghash(_aes.Encrypt(Vector128<byte>.Zero), forceSoftware, allowWide);
    }

    /// <summary>Whether GHASH multiplies four blocks per instruction (512-bit VPCLMULQDQ).</summary>
    internal bool IsWide => _ghash.IsWide;

    /// <summary>Whether both AES and GHASH run on dedicated CPU instructions.</summary>
    public bool IsHardwareAccelerated => _aes.IsHardwareAccelerated && _ghash.IsHardwareAccelerated;

    // Seal and TryOpen are compiled fully optimised from the first call: the simulator's bulk load seals 10^5 to 10^7
    // pages in one loop, long before tiered compilation would replace unoptimised code.

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> into <paramref name="ciphertext"/> and writes the authentication tag.
    /// <paramref name="plaintext"/> and <paramref name="ciphertext"/> may be the same memory.
    /// </summary>
    /// <param name="nonce">Exactly <see cref="NonceSize"/> bytes; never reuse one under the same key.</param>
    /// <param name="plaintext">Data to encrypt, any length.</param>
    /// <param name="ciphertext">Same length as <paramref name="plaintext"/>.</param>
    /// <param name="tag">Exactly <see cref="TagSize"/> bytes.</param>
    /// <param name="associatedData">Authenticated but not encrypted data, any length.</param>
    /// <exception cref="ArgumentException">Wrong sizes or partially overlapping buffers.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData = default)
    {
        CheckArguments(nonce, plaintext, ciphertext, tag);
        Vector128<byte> j0 = CounterBlock(nonce, 1);
        if (FusesOnePass(associatedData.Length, plaintext.Length))
        {
            SealOnePass(j0, ref MemoryMarshal.GetReference(plaintext), ref MemoryMarshal.GetReference(ciphertext), plaintext.Length, ref MemoryMarshal.GetReference(associatedData), associatedData.Length).CopyTo(tag);
            return;
        }

        // E(K, J0) first: it does not depend on the data, so its latency hides behind the rest.
        Vector128<byte> tagMask = _aes.Encrypt(j0);
        _aes.CtrXor(CounterBlock(nonce, 2), plaintext, ciphertext);
        Vector128<byte> hash = _ghash.Digest(associatedData, ciphertext);
        (hash ^ tagMask).CopyTo(tag);
    }

    /// <summary>
    /// Verifies the tag over <paramref name="associatedData"/> and <paramref name="ciphertext"/> (in constant time)
    /// and, only if it matches, decrypts into <paramref name="plaintext"/>. On failure <paramref name="plaintext"/> is
    /// left untouched. <paramref name="plaintext"/> and <paramref name="ciphertext"/> may be the same memory.
    /// </summary>
    /// <param name="nonce">Exactly <see cref="NonceSize"/> bytes.</param>
    /// <param name="ciphertext">Data to decrypt, any length.</param>
    /// <param name="tag">Exactly <see cref="TagSize"/> bytes.</param>
    /// <param name="plaintext">Same length as <paramref name="ciphertext"/>.</param>
    /// <param name="associatedData">The associated data given to <see cref="Seal"/>.</param>
    /// <returns><see langword="true"/> when the tag is authentic and the plaintext was written.</returns>
    /// <exception cref="ArgumentException">Wrong sizes or partially overlapping buffers.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryOpen(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData = default)
    {
        CheckArguments(nonce, ciphertext, plaintext, tag);
        Vector128<byte> j0 = CounterBlock(nonce, 1);
        if (FusesOnePass(associatedData.Length, ciphertext.Length))
        {
            return TryOpenOnePass(j0, ref MemoryMarshal.GetReference(ciphertext), Vector128.Create(tag), ref MemoryMarshal.GetReference(plaintext), ciphertext.Length, ref MemoryMarshal.GetReference(associatedData), associatedData.Length);
        }

        Vector128<byte> tagMask = _aes.Encrypt(j0);
        Vector128<byte> hash = _ghash.Digest(associatedData, ciphertext);
        if (!TagEquals(hash ^ tagMask, tag))
        {
            return false;
        }

        _aes.CtrXor(CounterBlock(nonce, 2), ciphertext, plaintext);
        return true;
    }

    private static void CheckArguments(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> input, ReadOnlySpan<byte> output, ReadOnlySpan<byte> tag)
    {
        if (nonce.Length != NonceSize)
        {
            throw new ArgumentException($"The nonce must be {NonceSize} bytes, got {nonce.Length}.", nameof(nonce));
        }

        if (tag.Length != TagSize)
        {
            throw new ArgumentException($"The tag must be {TagSize} bytes, got {tag.Length}.", nameof(tag));
        }

        if (input.Length != output.Length)
        {
            throw new ArgumentException($"Plaintext and ciphertext lengths differ ({input.Length} and {output.Length}).", nameof(output));
        }

        // Exact aliasing is fine (each block is read before it is written); a shifted overlap is not.
        if (input.Overlaps(output, out int elementOffset) && elementOffset != 0)
        {
            throw new ArgumentException("Plaintext and ciphertext overlap without being the same memory.", nameof(output));
        }
    }

    /// <summary>
    /// Constant-time tag check. With SIMD it is one 16-byte XOR and one all-zero test (no early exit);
    /// CryptographicOperations.FixedTimeEquals does the same bytewise in unoptimized code and costs ~55 ns here,
    /// so it is kept for the case where Vector128 is emulated and its comparison could stop early.
    /// </summary>
    private static bool TagEquals(Vector128<byte> expected, ReadOnlySpan<byte> tag)
        => Vector128.IsHardwareAccelerated
            ? TagEquals(expected, Vector128.Create(tag))
            : TagEqualsPortable(expected, tag);

    private static bool TagEquals(Vector128<byte> expected, Vector128<byte> tag) => (expected ^ tag) == Vector128<byte>.Zero;

    private static bool TagEqualsPortable(Vector128<byte> expected, ReadOnlySpan<byte> tag)
    {
        Span<byte> bytes = stackalloc byte[TagSize];
        expected.CopyTo(bytes);
        return CryptographicOperations.FixedTimeEquals(bytes, tag);
    }

    /// <summary>
    /// nonce || counter (32-bit big-endian), the GCM counter block for a 96-bit nonce. The nonce is read as three 32-bit
    /// words: callers write it just before the call with 4- and 8-byte stores at various offsets (a page: index, then
    /// version at byte 4), and a load that spans two stores cannot take its bytes from the store buffer, which stalls
    /// everything that depends on the counter (~10 ns per Seal measured).
    /// </summary>
    private static Vector128<byte> CounterBlock(ReadOnlySpan<byte> nonce, uint counter)
        => Vector128.Create(
            BinaryPrimitives.ReadUInt32LittleEndian(nonce),
            BinaryPrimitives.ReadUInt32LittleEndian(nonce[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(nonce[8..]),
            BinaryPrimitives.ReverseEndianness(counter)).AsByte();
}

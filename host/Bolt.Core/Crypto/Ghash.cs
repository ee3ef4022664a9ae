using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bolt.Core.Crypto;

/// <summary>
/// GHASH (NIST SP 800-38D) for one hash key H. With PCLMULQDQ it works in the POLYVAL domain of
/// RFC 8452 appendix A: GHASH(H, X) = ByteReverse(POLYVAL(mulX(ByteReverse(H)), ByteReverse(X))), which
/// avoids GHASH's bit reflection and lets many blocks share one reduction (aggregated with powers of H).
/// Where 512-bit VPCLMULQDQ exists, four blocks are multiplied per instruction and sixteen share a reduction.
/// The accumulator passed around is opaque: start from <c>default</c>, feed <see cref="Update"/>, end with <see cref="Finish"/>.
/// </summary>
internal sealed class Ghash
{
    private const int BlockSize = 16;
    private const int NarrowAggregation = 8;
    private const int WideAggregation = 16;

    /// <summary>Most blocks (associated data, ciphertext and the length block together) hashed with one reduction (<see cref="FitsOnePass"/>).</summary>
    internal const int OnePassBlocks = 64;

    // Hardware: powers K^16, K^15, ..., K^1 of K = mulX(ByteReverse(H)) in the POLYVAL domain, in that
    // (descending) order so that the powers for the last n blocks of a message are one contiguous run.
    private readonly Vector128<ulong>[] _powers = new Vector128<ulong>[WideAggregation];

    // Hardware: K^64, ..., K^1, the same way round, for messages short enough to hash in one pass.
    private readonly Vector128<ulong>[] _onePassPowers = new Vector128<ulong>[OnePassBlocks];

    // Software: H as two big-endian halves, in GHASH's own bit order.
    private readonly ulong _hHigh;
    private readonly ulong _hLow;
    private readonly bool _hardware;
    private readonly bool _wide;

    /// <param name="hashKey">H = AES-Encrypt(K, 0^128), natural byte order.</param>
    /// <param name="forceSoftware">Test hook: use the portable multiply even when PCLMULQDQ exists.</param>
    /// <param name="allowWide">Test hook: false keeps to 128-bit PCLMULQDQ even where the 512-bit form exists.</param>
    internal Ghash(Vector128<byte> hashKey, bool forceSoftware, bool allowWide = true)
    {
        _hardware = !forceSoftware && IsHardwareSupported;
        _wide = _hardware && allowWide && IsWideSupported;
        Span<byte> bytes = stackalloc byte[BlockSize];
        hashKey.CopyTo(bytes);
        _hHigh = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _hLow = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        if (!_hardware)
        {
            return;
        }

        // ByteReverse(H) as a little-endian 128-bit integer is (high = _hHigh, low = _hLow); multiply it by x
        // modulo the POLYVAL polynomial x^128 + x^127 + x^126 + x^121 + 1.
        ulong carry = _hHigh >> 63;
        ulong high = (_hHigh << 1) | (_hLow >> 63);
        ulong low = _hLow << 1;
        high ^= 0xC200000000000000UL & (0 - carry);
        low ^= carry;
        Vector128<ulong> k1 = Vector128.Create(low, high);
        Vector128<ulong> power = k1;
        _onePassPowers[OnePassBlocks - 1] = k1;
        for (int i = OnePassBlocks - 2; i >= 0; i--)
        {
            Vector128<ulong> lo = Vector128<ulong>.Zero, mid = Vector128<ulong>.Zero, hi = Vector128<ulong>.Zero;
            MultiplyAccumulate(power, k1, ref lo, ref mid, ref hi);
            _onePassPowers[i] = power = Reduce(lo, mid, hi);
        }

        Array.Copy(_onePassPowers, OnePassBlocks - WideAggregation, _powers, 0, WideAggregation);
    }

    internal static bool IsHardwareSupported => Pclmulqdq.IsSupported && Ssse3.IsSupported;

    internal static bool IsWideSupported => Pclmulqdq.V512.IsSupported && Avx512BW.IsSupported && Pclmulqdq.V256.IsSupported && Avx2.IsSupported;

    internal bool IsHardwareAccelerated => _hardware;

    internal bool IsWide => _wide;

    /// <summary>Hashes <paramref name="data"/>, zero-padding its last partial block (as GCM pads AAD and ciphertext).</summary>
    internal void Update(ref Vector128<byte> accumulator, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (!_hardware)
        {
            accumulator = UpdateSoftware(accumulator, data);
            return;
        }

        // The hot paths take (ref, length) rather than spans: span arguments that get spilled are reloaded
        // with wider loads than they were stored with, which defeats store forwarding and costs tens of cycles.
        ref byte src = ref MemoryMarshal.GetReference(data);
        accumulator = (_wide && data.Length >= 4 * BlockSize
            ? UpdateWide(accumulator.AsUInt64(), ref src, data.Length)
            : UpdateNarrow(accumulator.AsUInt64(), ref src, data.Length)).AsByte();
    }

    /// <summary>
    /// Whether GHASH over <paramref name="associatedDataLength"/> and <paramref name="ciphertextLength"/> bytes can run in one
    /// pass (<see cref="StartOnePass"/>): with PCLMULQDQ, up to 64 blocks (1 KiB: a page, a frame of a few records)
    /// including the length block.
    /// </summary>
    internal bool FitsOnePass(int associatedDataLength, int ciphertextLength)
        => _hardware && BlockCount(associatedDataLength) + BlockCount(ciphertextLength) + 1 <= OnePassBlocks;

    /// <summary>Starts a one-pass hash of inputs that <see cref="FitsOnePass"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal OnePassGhash StartOnePass(int associatedDataLength, int ciphertextLength)
        => new(ref _onePassPowers[OnePassBlocks - (BlockCount(associatedDataLength) + BlockCount(ciphertextLength) + 1)]);

    private static int BlockCount(int bytes) => (bytes + BlockSize - 1) / BlockSize;

    /// <summary>
    /// GHASH of a whole GCM input, <paramref name="associatedData"/> then <paramref name="ciphertext"/> (each zero-padded)
    /// then the length block, in natural byte order: in one pass where it fits, else in groups with a reduction each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal Vector128<byte> Digest(ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext)
    {
        if (FitsOnePass(associatedData.Length, ciphertext.Length))
        {
            OnePassGhash hash = StartOnePass(associatedData.Length, ciphertext.Length);
            hash.AddRun(ref MemoryMarshal.GetReference(associatedData), associatedData.Length, pairs: _wide);
            hash.AddRun(ref MemoryMarshal.GetReference(ciphertext), ciphertext.Length, pairs: _wide);
            return hash.Finish(associatedData.Length, ciphertext.Length);
        }

        Vector128<byte> accumulator = default;
        Update(ref accumulator, associatedData);
        Update(ref accumulator, ciphertext);
        return Finish(accumulator, associatedData.Length, ciphertext.Length);
    }

    /// <summary>Folds in the length block and returns the GHASH value in natural byte order.</summary>
    internal Vector128<byte> Finish(Vector128<byte> accumulator, int associatedDataLength, int ciphertextLength)
    {
        ulong aadBits = (ulong)associatedDataLength * 8;
        ulong ciphertextBits = (ulong)ciphertextLength * 8;
        if (!_hardware)
        {
            return FinishSoftware(accumulator, aadBits, ciphertextBits);
        }

        // The length block (two big-endian 64-bit counts) byte-reversed is (low = C bits, high = A bits).
        Vector128<ulong> x = accumulator.AsUInt64() ^ Vector128.Create(ciphertextBits, aadBits);
        Vector128<ulong> lo = Vector128<ulong>.Zero, mid = Vector128<ulong>.Zero, hi = Vector128<ulong>.Zero;
        MultiplyAccumulate(x, _powers[WideAggregation - 1], ref lo, ref mid, ref hi);
        return Ssse3.Shuffle(Reduce(lo, mid, hi).AsByte(), ReverseMask);
    }

    internal static Vector128<byte> ReverseMask
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    }

    private Vector128<ulong> UpdateNarrow(Vector128<ulong> x, ref byte src, int length)
    {
        ref Vector128<ulong> powers = ref MemoryMarshal.GetArrayDataReference(_powers);
        Vector128<byte> reverse = ReverseMask;
        int offset = 0;

        // Eight blocks per reduction: X1*K^8 + X2*K^7 + ... + X8*K, reduced once.
        for (; length - offset >= NarrowAggregation * BlockSize; offset += NarrowAggregation * BlockSize)
        {
            Vector128<ulong> lo = Vector128<ulong>.Zero, mid = Vector128<ulong>.Zero, hi = Vector128<ulong>.Zero;
            for (int i = 0; i < NarrowAggregation; i++)
            {
                Vector128<ulong> block = Ssse3.Shuffle(Vector128.LoadUnsafe(ref src, (nuint)(offset + (i * BlockSize))), reverse).AsUInt64();
                MultiplyAccumulate(block ^ x, Unsafe.Add(ref powers, WideAggregation - NarrowAggregation + i), ref lo, ref mid, ref hi);
                x = Vector128<ulong>.Zero;
            }

            x = Reduce(lo, mid, hi);
        }

        return offset == length
            ? x
            : HashTail(x, ref src, offset, length, Vector128<ulong>.Zero, Vector128<ulong>.Zero, Vector128<ulong>.Zero);
    }

    /// <summary>The 512-bit path: four blocks per carry-less multiply instruction, sixteen blocks per reduction.</summary>
    private Vector128<ulong> UpdateWide(Vector128<ulong> x, ref byte src, int length)
    {
        ref ulong powerWords = ref Unsafe.As<Vector128<ulong>, ulong>(ref MemoryMarshal.GetArrayDataReference(_powers));
        Vector512<byte> reverse = Vector512.Create(ReverseMask);
        int offset = 0;

        for (; length - offset >= WideAggregation * BlockSize; offset += WideAggregation * BlockSize)
        {
            Vector512<ulong> b0 = Avx512BW.Shuffle(Vector512.LoadUnsafe(ref src, (nuint)offset), reverse).AsUInt64() ^ x.ToVector256().ToVector512();
            Vector512<ulong> b1 = Avx512BW.Shuffle(Vector512.LoadUnsafe(ref src, (nuint)offset + 64), reverse).AsUInt64();
            Vector512<ulong> b2 = Avx512BW.Shuffle(Vector512.LoadUnsafe(ref src, (nuint)offset + 128), reverse).AsUInt64();
            Vector512<ulong> b3 = Avx512BW.Shuffle(Vector512.LoadUnsafe(ref src, (nuint)offset + 192), reverse).AsUInt64();
            Vector512<ulong> k0 = Vector512.LoadUnsafe(ref powerWords, 0);
            Vector512<ulong> k1 = Vector512.LoadUnsafe(ref powerWords, 8);
            Vector512<ulong> k2 = Vector512.LoadUnsafe(ref powerWords, 16);
            Vector512<ulong> k3 = Vector512.LoadUnsafe(ref powerWords, 24);
            Vector512<ulong> lo = Pclmulqdq.V512.CarrylessMultiply(b0, k0, 0x00) ^ Pclmulqdq.V512.CarrylessMultiply(b1, k1, 0x00)
                ^ Pclmulqdq.V512.CarrylessMultiply(b2, k2, 0x00) ^ Pclmulqdq.V512.CarrylessMultiply(b3, k3, 0x00);
            Vector512<ulong> hi = Pclmulqdq.V512.CarrylessMultiply(b0, k0, 0x11) ^ Pclmulqdq.V512.CarrylessMultiply(b1, k1, 0x11)
                ^ Pclmulqdq.V512.CarrylessMultiply(b2, k2, 0x11) ^ Pclmulqdq.V512.CarrylessMultiply(b3, k3, 0x11);
            Vector512<ulong> mid = Pclmulqdq.V512.CarrylessMultiply(b0, k0, 0x01) ^ Pclmulqdq.V512.CarrylessMultiply(b0, k0, 0x10)
                ^ Pclmulqdq.V512.CarrylessMultiply(b1, k1, 0x01) ^ Pclmulqdq.V512.CarrylessMultiply(b1, k1, 0x10)
                ^ Pclmulqdq.V512.CarrylessMultiply(b2, k2, 0x01) ^ Pclmulqdq.V512.CarrylessMultiply(b2, k2, 0x10)
                ^ Pclmulqdq.V512.CarrylessMultiply(b3, k3, 0x01) ^ Pclmulqdq.V512.CarrylessMultiply(b3, k3, 0x10);
            x = Reduce(Fold(lo), Fold(mid), Fold(hi));
        }

        if (offset == length)
        {
            return x;
        }

        // The last 1..16 blocks use powers K^n..K^1: whole groups of four here, the rest in HashTail.
        int remaining = length - offset;
        int first = WideAggregation - ((remaining + BlockSize - 1) / BlockSize);
        int groups = remaining / (4 * BlockSize);
        Vector512<ulong> wideLo = Vector512<ulong>.Zero, wideMid = Vector512<ulong>.Zero, wideHi = Vector512<ulong>.Zero;
        for (int g = 0; g < groups; g++)
        {
            Vector512<ulong> b = Avx512BW.Shuffle(Vector512.LoadUnsafe(ref src, (nuint)(offset + (g * 4 * BlockSize))), reverse).AsUInt64() ^ x.ToVector256().ToVector512();
            Vector512<ulong> k = Vector512.LoadUnsafe(ref powerWords, (nuint)(2 * (first + (4 * g))));
            wideLo ^= Pclmulqdq.V512.CarrylessMultiply(b, k, 0x00);
            wideHi ^= Pclmulqdq.V512.CarrylessMultiply(b, k, 0x11);
            wideMid ^= Pclmulqdq.V512.CarrylessMultiply(b, k, 0x01) ^ Pclmulqdq.V512.CarrylessMultiply(b, k, 0x10);
            x = Vector128<ulong>.Zero;
        }

        offset += groups * 4 * BlockSize;
        return offset == length
            ? Reduce(Fold(wideLo), Fold(wideMid), Fold(wideHi))
            : HashTail(x, ref src, offset, length, Fold(wideLo), Fold(wideMid), Fold(wideHi));
    }

    /// <summary>
    /// Multiplies the last blocks, from <paramref name="offset"/> to the end (at most sixteen, the last one zero-padded),
    /// by K^n..K^1, adds them to the unreduced (lo, mid, hi) and reduces; <paramref name="x"/> goes into the first block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector128<ulong> HashTail(Vector128<ulong> x, ref byte src, int offset, int length, Vector128<ulong> lo, Vector128<ulong> mid, Vector128<ulong> hi)
    {
        ref Vector128<ulong> powers = ref MemoryMarshal.GetArrayDataReference(_powers);
        Vector128<byte> reverse = ReverseMask;
        int next = WideAggregation - ((length - offset + BlockSize - 1) / BlockSize);
        for (; length - offset >= BlockSize; offset += BlockSize, next++)
        {
            Vector128<ulong> block = Ssse3.Shuffle(Vector128.LoadUnsafe(ref src, (nuint)offset), reverse).AsUInt64();
            MultiplyAccumulate(block ^ x, Unsafe.Add(ref powers, next), ref lo, ref mid, ref hi);
            x = Vector128<ulong>.Zero;
        }

        if (offset < length)
        {
            Vector128<ulong> block = Ssse3.Shuffle(LoadPartial(ref Unsafe.Add(ref src, offset), length - offset), reverse).AsUInt64();
            MultiplyAccumulate(block ^ x, Unsafe.Add(ref powers, next), ref lo, ref mid, ref hi);
        }

        return Reduce(lo, mid, hi);
    }

    /// <summary>The first <paramref name="count"/> (1..15) bytes at <paramref name="src"/>, zero-padded to a block.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static Vector128<byte> LoadPartial(ref byte src, int count)
    {
        Span<byte> padded = stackalloc byte[BlockSize];
        padded.Clear();
        MemoryMarshal.CreateReadOnlySpan(ref src, count).CopyTo(padded);
        return Vector128.Create((ReadOnlySpan<byte>)padded);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<ulong> Fold(Vector256<ulong> value) => value.GetLower() ^ value.GetUpper();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<ulong> Fold(Vector512<ulong> value)
    {
        Vector256<ulong> half = value.GetLower() ^ value.GetUpper();
        return half.GetLower() ^ half.GetUpper();
    }

    /// <summary>Schoolbook 128x128 carry-less product, added into the 256-bit accumulator (lo, mid, hi).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void MultiplyAccumulate(Vector128<ulong> a, Vector128<ulong> b, ref Vector128<ulong> lo, ref Vector128<ulong> mid, ref Vector128<ulong> hi)
    {
        lo ^= Pclmulqdq.CarrylessMultiply(a, b, 0x00);
        hi ^= Pclmulqdq.CarrylessMultiply(a, b, 0x11);
        mid ^= Pclmulqdq.CarrylessMultiply(a, b, 0x01) ^ Pclmulqdq.CarrylessMultiply(a, b, 0x10);
    }

    /// <summary>
    /// POLYVAL's dot reduction: (hi * x^128 + lo) * x^-128 mod P, as two Montgomery steps of 64 bits.
    /// Each step uses P = 1 (mod x^64): L * x^-64 = swap(L) + L0 * (x^63 + x^62 + x^57).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<ulong> Reduce(Vector128<ulong> lo, Vector128<ulong> mid, Vector128<ulong> hi)
    {
        lo ^= Sse2.ShiftLeftLogical128BitLane(mid, 8);
        hi ^= Sse2.ShiftRightLogical128BitLane(mid, 8);
        Vector128<ulong> poly = Vector128.Create(1UL, 0xC200000000000000UL);
        Vector128<ulong> t = Pclmulqdq.CarrylessMultiply(lo, poly, 0x10);
        lo = Sse2.Shuffle(lo.AsUInt32(), 0x4E).AsUInt64() ^ t;
        t = Pclmulqdq.CarrylessMultiply(lo, poly, 0x10);
        lo = Sse2.Shuffle(lo.AsUInt32(), 0x4E).AsUInt64() ^ t;
        return lo ^ hi;
    }

    private Vector128<byte> FinishSoftware(Vector128<byte> accumulator, ulong aadBits, ulong ciphertextBits)
    {
        Span<byte> bytes = stackalloc byte[BlockSize];
        accumulator.CopyTo(bytes);
        ulong high = BinaryPrimitives.ReadUInt64BigEndian(bytes) ^ aadBits;
        ulong low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]) ^ ciphertextBits;
        MultiplySoftware(ref high, ref low, _hHigh, _hLow);
        BinaryPrimitives.WriteUInt64BigEndian(bytes, high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], low);
        return Vector128.Create((ReadOnlySpan<byte>)bytes);
    }

    private Vector128<byte> UpdateSoftware(Vector128<byte> accumulator, ReadOnlySpan<byte> data)
    {
        Span<byte> block = stackalloc byte[BlockSize];
        accumulator.CopyTo(block);
        ulong high = BinaryPrimitives.ReadUInt64BigEndian(block);
        ulong low = BinaryPrimitives.ReadUInt64BigEndian(block[8..]);
        for (int offset = 0; offset < data.Length; offset += BlockSize)
        {
            block.Clear();
            data.Slice(offset, Math.Min(BlockSize, data.Length - offset)).CopyTo(block);
            high ^= BinaryPrimitives.ReadUInt64BigEndian(block);
            low ^= BinaryPrimitives.ReadUInt64BigEndian(block[8..]);
            MultiplySoftware(ref high, ref low, _hHigh, _hLow);
        }

        BinaryPrimitives.WriteUInt64BigEndian(block, high);
        BinaryPrimitives.WriteUInt64BigEndian(block[8..], low);
        return Vector128.Create((ReadOnlySpan<byte>)block);
    }

    /// <summary>
    /// SP 800-38D algorithm 1, bit by bit with masks instead of branches: Z = X * Y in GF(2^128),
    /// bit 0 being the most significant bit of the first byte.
    /// </summary>
    private static void MultiplySoftware(ref ulong xHigh, ref ulong xLow, ulong yHigh, ulong yLow)
    {
        ulong zHigh = 0, zLow = 0, vHigh = yHigh, vLow = yLow;
        for (int i = 0; i < 128; i++)
        {
            ulong bit = i < 64 ? (xHigh >> (63 - i)) & 1 : (xLow >> (127 - i)) & 1;
            ulong mask = 0 - bit;
            zHigh ^= vHigh & mask;
            zLow ^= vLow & mask;
            ulong reduce = 0 - (vLow & 1);
            vLow = (vLow >> 1) | (vHigh << 63);
            vHigh = (vHigh >> 1) ^ (0xE100000000000000UL & reduce);
        }

        xHigh = zHigh;
        xLow = zLow;
    }
}

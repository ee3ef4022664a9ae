using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bolt.Core.Crypto;

/// <summary>
/// GHASH (NIST SP 800-38D) for one hash key H. With PCLMULQDQ it works in the POLYVAL domain of
/// RFC 8452 appendix A: GHASH(H, X) = ByteReverse(POLYVAL(mulX(ByteReverse(H)), ByteReverse(X))), which
/// avoids GHASH's bit reflection and lets eight blocks share one reduction (aggregated with H^1..H^8).
/// The accumulator passed around is opaque: start from <c>default</c>, feed <see cref="Update"/>, end with <see cref="Finish"/>.
/// </summary>
internal sealed class Ghash
{
    private const int BlockSize = 16;
    private const int Aggregation = 8;

    // Hardware: K[i] = (i+1)-th power of the hash key in the POLYVAL domain, K[0] = mulX(ByteReverse(H)).
    private readonly Vector128<ulong>[] _powers = new Vector128<ulong>[Aggregation];

    // Software: H as two big-endian halves, in GHASH's own bit order.
    private readonly ulong _hHigh;
    private readonly ulong _hLow;
    private readonly bool _hardware;

    /// <param name="hashKey">H = AES-Encrypt(K, 0^128), natural byte order.</param>
    /// <param name="forceSoftware">Test hook: use the portable multiply even when PCLMULQDQ exists.</param>
    internal Ghash(Vector128<byte> hashKey, bool forceSoftware)
    {
        _hardware = !forceSoftware && IsHardwareSupported;
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
        _powers[0] = k1;
        for (int i = 1; i < Aggregation; i++)
        {
            Vector128<ulong> lo = Vector128<ulong>.Zero, mid = Vector128<ulong>.Zero, hi = Vector128<ulong>.Zero;
            MultiplyAccumulate(_powers[i - 1], k1, ref lo, ref mid, ref hi);
            _powers[i] = Reduce(lo, mid, hi);
        }
    }

    internal static bool IsHardwareSupported => Pclmulqdq.IsSupported && Ssse3.IsSupported;

    internal bool IsHardwareAccelerated => _hardware;

    /// <summary>Hashes <paramref name="data"/>, zero-padding its last partial block (as GCM pads AAD and ciphertext).</summary>
    internal void Update(ref Vector128<byte> accumulator, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (_hardware)
        {
            accumulator = UpdateHardware(accumulator.AsUInt64(), data).AsByte();
        }
        else
        {
            accumulator = UpdateSoftware(accumulator, data);
        }
    }

    /// <summary>Folds in the length block and returns the GHASH value in natural byte order.</summary>
    internal Vector128<byte> Finish(Vector128<byte> accumulator, int associatedDataLength, int ciphertextLength)
    {
        ulong aadBits = (ulong)associatedDataLength * 8;
        ulong ciphertextBits = (ulong)ciphertextLength * 8;
        if (_hardware)
        {
            // The length block (two big-endian 64-bit counts) byte-reversed is (low = C bits, high = A bits).
            Vector128<ulong> x = accumulator.AsUInt64() ^ Vector128.Create(ciphertextBits, aadBits);
            Vector128<ulong> lo = Vector128<ulong>.Zero, mid = Vector128<ulong>.Zero, hi = Vector128<ulong>.Zero;
            MultiplyAccumulate(x, _powers[0], ref lo, ref mid, ref hi);
            return Ssse3.Shuffle(Reduce(lo, mid, hi).AsByte(), ReverseMask);
        }

        Span<byte> bytes = stackalloc byte[BlockSize];
        accumulator.CopyTo(bytes);
        ulong high = BinaryPrimitives.ReadUInt64BigEndian(bytes) ^ aadBits;
        ulong low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]) ^ ciphertextBits;
        MultiplySoftware(ref high, ref low, _hHigh, _hLow);
        BinaryPrimitives.WriteUInt64BigEndian(bytes, high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], low);
        return Vector128.Create((ReadOnlySpan<byte>)bytes);
    }

    private static Vector128<byte> ReverseMask => Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    private Vector128<ulong> UpdateHardware(Vector128<ulong> x, ReadOnlySpan<byte> data)
    {
        ref Vector128<ulong> powers = ref MemoryMarshal.GetArrayDataReference(_powers);
        ref byte src = ref MemoryMarshal.GetReference(data);
        Vector128<byte> reverse = ReverseMask;
        int length = data.Length;
        int offset = 0;

        // Eight blocks per reduction: X1*H^8 + X2*H^7 + ... + X8*H, reduced once.
        for (; length - offset >= Aggregation * BlockSize; offset += Aggregation * BlockSize)
        {
            Vector128<ulong> lo = Vector128<ulong>.Zero, mid = Vector128<ulong>.Zero, hi = Vector128<ulong>.Zero;
            for (int i = 0; i < Aggregation; i++)
            {
                Vector128<ulong> block = Ssse3.Shuffle(Vector128.LoadUnsafe(ref src, (nuint)(offset + (i * BlockSize))), reverse).AsUInt64();
                MultiplyAccumulate(block ^ x, Unsafe.Add(ref powers, Aggregation - 1 - i), ref lo, ref mid, ref hi);
                x = Vector128<ulong>.Zero;
            }

            x = Reduce(lo, mid, hi);
        }

        int remaining = length - offset;
        if (remaining == 0)
        {
            return x;
        }

        // The last one to eight blocks (the final one possibly partial) also share one reduction.
        int fullBlocks = remaining / BlockSize;
        int blocks = (remaining + BlockSize - 1) / BlockSize;
        Vector128<ulong> accLo = Vector128<ulong>.Zero, accMid = Vector128<ulong>.Zero, accHi = Vector128<ulong>.Zero;
        for (int i = 0; i < fullBlocks; i++)
        {
            Vector128<ulong> block = Ssse3.Shuffle(Vector128.LoadUnsafe(ref src, (nuint)(offset + (i * BlockSize))), reverse).AsUInt64();
            MultiplyAccumulate(block ^ x, Unsafe.Add(ref powers, blocks - 1 - i), ref accLo, ref accMid, ref accHi);
            x = Vector128<ulong>.Zero;
        }

        if (blocks > fullBlocks)
        {
            Span<byte> padded = stackalloc byte[BlockSize];
            padded.Clear();
            data[(offset + (fullBlocks * BlockSize))..].CopyTo(padded);
            Vector128<ulong> block = Ssse3.Shuffle(Vector128.Create((ReadOnlySpan<byte>)padded), reverse).AsUInt64();
            MultiplyAccumulate(block ^ x, powers, ref accLo, ref accMid, ref accHi);
        }

        return Reduce(accLo, accMid, accHi);
    }

    /// <summary>Schoolbook 128x128 carry-less product, added into the 256-bit accumulator (lo, mid, hi).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAccumulate(Vector128<ulong> a, Vector128<ulong> b, ref Vector128<ulong> lo, ref Vector128<ulong> mid, ref Vector128<ulong> hi)
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
    private static Vector128<ulong> Reduce(Vector128<ulong> lo, Vector128<ulong> mid, Vector128<ulong> hi)
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

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bolt.Core.Crypto;

/// <summary>
/// GHASH of one short input in a single pass (PCLMULQDQ only): every block is multiplied by its own power of K and the
/// products are summed unreduced, with one reduction at the end, so no multiply waits for the one before it. Blocks go
/// in order: the associated data, the ciphertext, then <see cref="Finish"/> adds the length block. A local of its caller,
/// made by <see cref="Ghash.StartOnePass"/>: once the Add methods are inlined its fields live in registers, which lets
/// AES-GCM hash each block in the same loop that encrypts or decrypts it.
/// </summary>
internal ref struct OnePassGhash
{
    private const int BlockSize = 16;

    // The power of K for the next block; the powers run down to K^1, which the length block takes.
    private ref Vector128<ulong> _power;

    private Vector128<ulong> _lo;
    private Vector128<ulong> _mid;
    private Vector128<ulong> _hi;

    // Two blocks per 256-bit carry-less multiply (the halves are folded together at the end). 256 and not 512 bits:
    // while a 512-bit instruction is in flight, port 1 takes no vector work, and the AES rounds overlapped with this need
    // it (four blocks per 512-bit multiply made the page TryOpen about 25% slower).
    private Vector256<ulong> _pairLo;
    private Vector256<ulong> _pairMid;
    private Vector256<ulong> _pairHi;

    /// <param name="firstPower">The power of K for the first block: K^n for an input of n blocks with the length block.</param>
    internal OnePassGhash(ref Vector128<ulong> firstPower)
    {
        _power = ref firstPower;
    }

    /// <summary>Adds one block (natural byte order, zero-padded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AddBlock(Vector128<byte> block)
    {
        Vector128<ulong> reversed = Ssse3.Shuffle(block, Ghash.ReverseMask).AsUInt64();
        Ghash.MultiplyAccumulate(reversed, _power, ref _lo, ref _mid, ref _hi);
        _power = ref Unsafe.Add(ref _power, 1);
    }

    /// <summary>Adds two consecutive blocks with one 256-bit multiply; only where <see cref="Ghash.IsWide"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AddPair(Vector256<byte> pair)
    {
        Vector256<ulong> b = Avx2.Shuffle(pair, Vector256.Create(Ghash.ReverseMask)).AsUInt64();
        Vector256<ulong> k = Vector256.LoadUnsafe(ref Unsafe.As<Vector128<ulong>, ulong>(ref _power));
        _pairLo ^= Pclmulqdq.V256.CarrylessMultiply(b, k, 0x00);
        _pairHi ^= Pclmulqdq.V256.CarrylessMultiply(b, k, 0x11);
        _pairMid ^= Pclmulqdq.V256.CarrylessMultiply(b, k, 0x01) ^ Pclmulqdq.V256.CarrylessMultiply(b, k, 0x10);
        _power = ref Unsafe.Add(ref _power, 2);
    }

    /// <summary>
    /// Adds the blocks of <paramref name="length"/> bytes at <paramref name="src"/>, the last one zero-padded. With
    /// <paramref name="pairs"/> (only where <see cref="Ghash.IsWide"/>), two blocks per 32-byte load; pass false for bytes
    /// just written with 16-byte stores, which a wider load could not take from the store buffer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AddRun(ref byte src, int length, bool pairs)
    {
        int offset = 0;
        if (pairs)
        {
            for (; length - offset >= 2 * BlockSize; offset += 2 * BlockSize)
            {
                AddPair(Vector256.LoadUnsafe(ref src, (nuint)offset));
            }
        }

        for (; length - offset >= BlockSize; offset += BlockSize)
        {
            AddBlock(Vector128.LoadUnsafe(ref src, (nuint)offset));
        }

        if (offset < length)
        {
            AddBlock(Ghash.LoadPartial(ref Unsafe.Add(ref src, offset), length - offset));
        }
    }

    /// <summary>Adds the length block, reduces, and returns the GHASH value in natural byte order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal readonly Vector128<byte> Finish(int associatedDataLength, int ciphertextLength)
    {
        // The length block (two big-endian 64-bit counts) byte-reversed is (low = C bits, high = A bits); it takes K^1.
        Vector128<ulong> lengths = Vector128.Create((ulong)ciphertextLength * 8, (ulong)associatedDataLength * 8);
        Vector128<ulong> lo = _lo ^ Ghash.Fold(_pairLo), mid = _mid ^ Ghash.Fold(_pairMid), hi = _hi ^ Ghash.Fold(_pairHi);
        Ghash.MultiplyAccumulate(lengths, _power, ref lo, ref mid, ref hi);
        return Ssse3.Shuffle(Ghash.Reduce(lo, mid, hi).AsByte(), Ghash.ReverseMask);
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Bolt.Core.Crypto;

/// <summary>
/// The path for short inputs (a page, a frame): one loop over the data runs the counter mode eight blocks at a time and
/// hashes the blocks it produces (Seal) or consumes (TryOpen) with a one-pass GHASH. The AES rounds and the carry-less
/// multiplies are independent work for different execution ports, so the CPU overlaps them, and Seal hashes its
/// ciphertext from registers instead of reading it back. E(K, J0) rides in the eighth slot of the last pass whenever
/// that pass has one to spare. The methods take (ref, length) rather than spans, as Aes128's hardware paths do.
/// </summary>
public sealed partial class AesGcm128
{
    private const int BlockSize = 16;

    /// <summary>One counter-mode pass: eight blocks, enough independent AESENC chains to keep the AES units busy.</summary>
    private const nuint PassBytes = 8 * BlockSize;

    /// <summary>Whether the one-pass path applies: AES-NI, 256-bit carry-less multiplies, and a short enough input.</summary>
    internal bool FusesOnePass(int associatedDataLength, int dataLength)
        => _aes.IsHardwareAccelerated && _ghash.IsWide && _ghash.FitsOnePass(associatedDataLength, dataLength);

    /// <summary>Whether the data fills its last pass, leaving no slot for E(K, J0).</summary>
    private static bool J0HasOwnPass(int length) => (length + BlockSize - 1) / BlockSize % 8 == 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private Vector128<byte> SealOnePass(Vector128<byte> j0, ref byte src, ref byte dst, int length, ref byte associatedData, int associatedDataLength)
    {
        OnePassGhash hash = _ghash.StartOnePass(associatedDataLength, length);
        hash.AddRun(ref associatedData, associatedDataLength, pairs: true);
        Vector128<byte> tagMask = J0HasOwnPass(length) ? _aes.Encrypt(j0) : default;
        Vector128<uint> counter = Aes128.ToCounter(j0) + Aes128.CounterStep(1);
        nuint offset = 0, total = (nuint)length;
        for (; total - offset >= PassBytes; offset += PassBytes, counter += Aes128.CounterStep(8))
        {
            _aes.EncryptCounters(counter, Aes128.FromCounter(counter + Aes128.CounterStep(7)), out Vector128<byte> b0, out Vector128<byte> b1, out Vector128<byte> b2, out Vector128<byte> b3, out Vector128<byte> b4, out Vector128<byte> b5, out Vector128<byte> b6, out Vector128<byte> b7);

            // The ciphertext is hashed from registers: reloading it wider than it was stored would wait for the stores.
            b0 ^= Vector128.LoadUnsafe(ref src, offset);
            b1 ^= Vector128.LoadUnsafe(ref src, offset + 16);
            b2 ^= Vector128.LoadUnsafe(ref src, offset + 32);
            b3 ^= Vector128.LoadUnsafe(ref src, offset + 48);
            b4 ^= Vector128.LoadUnsafe(ref src, offset + 64);
            b5 ^= Vector128.LoadUnsafe(ref src, offset + 80);
            b6 ^= Vector128.LoadUnsafe(ref src, offset + 96);
            b7 ^= Vector128.LoadUnsafe(ref src, offset + 112);
            Aes128.StoreEight(ref Unsafe.Add(ref dst, offset), b0, b1, b2, b3, b4, b5, b6, b7);
            hash.AddPair(Vector256.Create(b0, b1));
            hash.AddPair(Vector256.Create(b2, b3));
            hash.AddPair(Vector256.Create(b4, b5));
            hash.AddPair(Vector256.Create(b6, b7));
        }

        if (offset < total)
        {
            // The last one to eight blocks, the final one possibly partial: their key stream goes through a buffer.
            Unsafe.SkipInit(out KeyStream stream);
            ref byte streamBytes = ref Unsafe.As<KeyStream, byte>(ref stream);
            tagMask = EncryptLastPass(j0, counter, total - offset, tagMask, ref streamBytes);
            Aes128.XorStream(ref streamBytes, ref Unsafe.Add(ref src, offset), ref Unsafe.Add(ref dst, offset), total - offset);
            hash.AddRun(ref Unsafe.Add(ref dst, offset), (int)(total - offset), pairs: false);
        }

        return hash.Finish(associatedDataLength, length) ^ tagMask;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private bool TryOpenOnePass(Vector128<byte> j0, ref byte src, Vector128<byte> tag, ref byte dst, int length, ref byte associatedData, int associatedDataLength)
    {
        OnePassGhash hash = _ghash.StartOnePass(associatedDataLength, length);
        hash.AddRun(ref associatedData, associatedDataLength, pairs: true);
        Vector128<byte> tagMask = J0HasOwnPass(length) ? _aes.Encrypt(j0) : default;
        Vector128<uint> counter = Aes128.ToCounter(j0) + Aes128.CounterStep(1);

        // The key stream waits here until the tag is verified: nothing is written to the plaintext before.
        Unsafe.SkipInit(out KeyStream stream);
        ref byte streamBytes = ref Unsafe.As<KeyStream, byte>(ref stream);
        nuint offset = 0, total = (nuint)length;
        for (; total - offset >= PassBytes; offset += PassBytes, counter += Aes128.CounterStep(8))
        {
            _aes.EncryptCounters(counter, Aes128.FromCounter(counter + Aes128.CounterStep(7)), out Vector128<byte> b0, out Vector128<byte> b1, out Vector128<byte> b2, out Vector128<byte> b3, out Vector128<byte> b4, out Vector128<byte> b5, out Vector128<byte> b6, out Vector128<byte> b7);
            Aes128.StoreEight(ref Unsafe.Add(ref streamBytes, offset), b0, b1, b2, b3, b4, b5, b6, b7);
            hash.AddPair(Vector256.LoadUnsafe(ref src, offset));
            hash.AddPair(Vector256.LoadUnsafe(ref src, offset + 32));
            hash.AddPair(Vector256.LoadUnsafe(ref src, offset + 64));
            hash.AddPair(Vector256.LoadUnsafe(ref src, offset + 96));
        }

        if (offset < total)
        {
            tagMask = EncryptLastPass(j0, counter, total - offset, tagMask, ref Unsafe.Add(ref streamBytes, offset));
            hash.AddRun(ref Unsafe.Add(ref src, offset), (int)(total - offset), pairs: true);
        }

        if (!TagEquals(hash.Finish(associatedDataLength, length) ^ tagMask, tag))
        {
            return false;
        }

        Aes128.XorStream(ref streamBytes, ref src, ref dst, total, pairs: true);
        return true;
    }

    /// <summary>
    /// The pass for the last 1..128 bytes: its key stream into <paramref name="stream"/>, and E(K, J0) from the eighth slot
    /// when at most seven blocks need the pass; returns E(K, J0), which is <paramref name="tagMask"/> when it had its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector128<byte> EncryptLastPass(Vector128<byte> j0, Vector128<uint> counter, nuint remaining, Vector128<byte> tagMask, ref byte stream)
    {
        bool spareSlot = remaining <= PassBytes - BlockSize;
        Vector128<byte> last = spareSlot ? j0 : Aes128.FromCounter(counter + Aes128.CounterStep(7));
        _aes.EncryptCounters(counter, last, out Vector128<byte> b0, out Vector128<byte> b1, out Vector128<byte> b2, out Vector128<byte> b3, out Vector128<byte> b4, out Vector128<byte> b5, out Vector128<byte> b6, out Vector128<byte> b7);
        Aes128.StoreEight(ref stream, b0, b1, b2, b3, b4, b5, b6, b7);
        return spareSlot ? b7 : tagMask;
    }

    /// <summary>Key stream for up to 64 blocks, the most a one-pass input holds (rounded up to whole passes).</summary>
    [InlineArray(64)]
    private struct KeyStream
    {
        private Vector128<byte> _block;
    }
}

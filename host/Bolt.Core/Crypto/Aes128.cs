using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bolt.Core.Crypto;

/// <summary>
/// AES-128 block cipher, encryption direction only, using AES-NI when the CPU has it.
/// Calls do not allocate; the framework's <c>System.Security.Cryptography.Aes</c> costs microseconds
/// per call on the target machines, which is far too slow for the simulator's hot loop.
/// Instances are immutable after construction and may be shared between threads.
/// </summary>
public sealed class Aes128
{
    /// <summary>Key size in bytes.</summary>
    public const int KeySize = 16;

    /// <summary>Block size in bytes.</summary>
    public const int BlockSize = 16;

    private const int Rounds = 10;

    // Eleven round keys. The software path reads the same storage as 176 bytes.
    private readonly Vector128<byte>[] _roundKeys = new Vector128<byte>[Rounds + 1];
    private readonly bool _hardware;

    /// <summary>Creates an AES-128 encryptor for <paramref name="key"/>.</summary>
    /// <param name="key">Exactly <see cref="KeySize"/> bytes.</param>
    /// <exception cref="ArgumentException">The key is not 16 bytes long.</exception>
    public Aes128(ReadOnlySpan<byte> key)
        : this(key, forceSoftware: false)
    {
    }

    /// <summary>Test hook: <paramref name="forceSoftware"/> selects the portable path even when AES-NI exists.</summary>
    internal Aes128(ReadOnlySpan<byte> key, bool forceSoftware)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"AES-128 keys are {KeySize} bytes, got {key.Length}.", nameof(key));
        }

        _hardware = !forceSoftware && IsHardwareSupported;
        if (_hardware)
        {
            ExpandKeyHardware(Vector128.Create(key), _roundKeys);
        }
        else
        {
            ExpandKeySoftware(key, MemoryMarshal.AsBytes(_roundKeys.AsSpan()));
        }
    }

    /// <summary>Whether this instance uses AES-NI (false means the slower portable implementation).</summary>
    public bool IsHardwareAccelerated => _hardware;

    internal static bool IsHardwareSupported => Aes.IsSupported && Ssse3.IsSupported;

    /// <summary>Encrypts one 16-byte block. <paramref name="input"/> and <paramref name="output"/> may be the same memory.</summary>
    /// <param name="input">Exactly <see cref="BlockSize"/> bytes.</param>
    /// <param name="output">At least <see cref="BlockSize"/> bytes; the first 16 are written.</param>
    /// <exception cref="ArgumentException">Wrong sizes.</exception>
    public void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length != BlockSize)
        {
            throw new ArgumentException($"Input must be {BlockSize} bytes, got {input.Length}.", nameof(input));
        }

        if (output.Length < BlockSize)
        {
            throw new ArgumentException($"Output must hold {BlockSize} bytes, got {output.Length}.", nameof(output));
        }

        Encrypt(Vector128.Create(input)).CopyTo(output);
    }

    /// <summary>
    /// Encrypts whole blocks independently (ECB), eight at a time to keep the AES units busy.
    /// <paramref name="input"/> and <paramref name="output"/> may be the same memory but must not partially overlap.
    /// </summary>
    /// <param name="input">A multiple of <see cref="BlockSize"/> bytes.</param>
    /// <param name="output">At least as long as <paramref name="input"/>.</param>
    /// <exception cref="ArgumentException">Wrong sizes or partially overlapping buffers.</exception>
    public void EncryptBlocks(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length % BlockSize != 0)
        {
            throw new ArgumentException($"Input length {input.Length} is not a multiple of {BlockSize}.", nameof(input));
        }

        if (output.Length < input.Length)
        {
            throw new ArgumentException($"Output holds {output.Length} bytes, input has {input.Length}.", nameof(output));
        }

        // Blocks are loaded in groups before being stored, so only exact aliasing is safe.
        if (input.Overlaps(output, out int elementOffset) && elementOffset != 0)
        {
            throw new ArgumentException("Input and output overlap without being the same memory.", nameof(output));
        }

        if (_hardware)
        {
            EncryptBlocksHardware(ref MemoryMarshal.GetReference(input), ref MemoryMarshal.GetReference(output), (nuint)input.Length);
            return;
        }

        ReadOnlySpan<byte> roundKeys = MemoryMarshal.AsBytes(_roundKeys.AsSpan());
        for (int offset = 0; offset < input.Length; offset += BlockSize)
        {
            EncryptBlockSoftware(roundKeys, input.Slice(offset, BlockSize), output.Slice(offset, BlockSize));
        }
    }

    /// <summary>
    /// The project's key derivation: <paramref name="derived"/> = AES-128-Encrypt(<paramref name="rootKey"/>, <paramref name="label"/>).
    /// Allocation-free; it expands the root key on every call.
    /// </summary>
    /// <param name="rootKey">Exactly 16 bytes.</param>
    /// <param name="label">Exactly 16 bytes.</param>
    /// <param name="derived">Exactly 16 bytes; receives the derived key.</param>
    /// <exception cref="ArgumentException">Wrong sizes.</exception>
    public static void DeriveKey(ReadOnlySpan<byte> rootKey, ReadOnlySpan<byte> label, Span<byte> derived)
        => DeriveKey(rootKey, label, derived, forceSoftware: false);

    /// <summary>Test hook for <see cref="DeriveKey(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>.</summary>
    internal static void DeriveKey(ReadOnlySpan<byte> rootKey, ReadOnlySpan<byte> label, Span<byte> derived, bool forceSoftware)
    {
        if (rootKey.Length != KeySize)
        {
            throw new ArgumentException($"Root key must be {KeySize} bytes, got {rootKey.Length}.", nameof(rootKey));
        }

        if (label.Length != BlockSize)
        {
            throw new ArgumentException($"Label must be {BlockSize} bytes, got {label.Length}.", nameof(label));
        }

        if (derived.Length != KeySize)
        {
            throw new ArgumentException($"Derived key must be {KeySize} bytes, got {derived.Length}.", nameof(derived));
        }

        if (!forceSoftware && IsHardwareSupported)
        {
            Span<Vector128<byte>> roundKeys = stackalloc Vector128<byte>[Rounds + 1];
            ExpandKeyHardware(Vector128.Create(rootKey), roundKeys);
            EncryptHardware(ref MemoryMarshal.GetReference(roundKeys), Vector128.Create(label)).CopyTo(derived);
        }
        else
        {
            Span<byte> roundKeys = stackalloc byte[(Rounds + 1) * BlockSize];
            ExpandKeySoftware(rootKey, roundKeys);
            Span<byte> block = stackalloc byte[BlockSize];
            EncryptBlockSoftware(roundKeys, label, block);
            block.CopyTo(derived);
        }
    }

    /// <summary>Encrypts a single block held in a register.</summary>
    internal Vector128<byte> Encrypt(Vector128<byte> block)
    {
        // The portable paths live in their own methods: a stackalloc here would keep the hot path from inlining.
        return _hardware
            ? EncryptHardware(ref MemoryMarshal.GetArrayDataReference(_roundKeys), block)
            : EncryptSoftware(block);
    }

    /// <summary>
    /// CTR mode as GCM uses it: XORs <paramref name="input"/> with the key stream that starts at
    /// <paramref name="counterBlock"/> and increments the last 32 bits big-endian, wrapping (GCM's inc32).
    /// Handles a final partial block; <paramref name="input"/> and <paramref name="output"/> may alias exactly.
    /// Callers check sizes. Returns the counter block that follows the last one used.
    /// </summary>
    internal Vector128<byte> CtrXor(Vector128<byte> counterBlock, ReadOnlySpan<byte> input, Span<byte> output)
    {
        return _hardware
            ? CtrXorHardware(counterBlock, ref MemoryMarshal.GetReference(input), ref MemoryMarshal.GetReference(output), (nuint)input.Length)
            : CtrXorSoftware(counterBlock, input, output);
    }

    // ---- AES-NI ----

    private static void ExpandKeyHardware(Vector128<byte> key, Span<Vector128<byte>> roundKeys)
    {
        // KeygenAssist takes its round constant as an immediate, hence the unrolled chain.
        roundKeys[0] = key;
        roundKeys[1] = key = ExpandStep(key, Aes.KeygenAssist(key, 0x01));
        roundKeys[2] = key = ExpandStep(key, Aes.KeygenAssist(key, 0x02));
        roundKeys[3] = key = ExpandStep(key, Aes.KeygenAssist(key, 0x04));
        roundKeys[4] = key = ExpandStep(key, Aes.KeygenAssist(key, 0x08));
        roundKeys[5] = key = ExpandStep(key, Aes.KeygenAssist(key, 0x10));
        roundKeys[6] = key = ExpandStep(key, Aes.KeygenAssist(key, 0x20));
        roundKeys[7] = key = ExpandStep(key, Aes.KeygenAssist(key, 0x40));
        roundKeys[8] = key = ExpandStep(key, Aes.KeygenAssist(key, 0x80));
        roundKeys[9] = key = ExpandStep(key, Aes.KeygenAssist(key, 0x1B));
        roundKeys[10] = ExpandStep(key, Aes.KeygenAssist(key, 0x36));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> ExpandStep(Vector128<byte> key, Vector128<byte> assist)
    {
        // w[i] = w[i-4] ^ w[i-1] across the four words is a prefix XOR over the lanes.
        assist = Sse2.Shuffle(assist.AsUInt32(), 0xFF).AsByte();
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        return key ^ assist;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> EncryptHardware(ref Vector128<byte> roundKeys, Vector128<byte> block)
    {
        block ^= roundKeys;
        for (nint r = 1; r < Rounds; r++)
        {
            block = Aes.Encrypt(block, Unsafe.Add(ref roundKeys, r));
        }

        return Aes.EncryptLast(block, Unsafe.Add(ref roundKeys, Rounds));
    }

    // The hardware paths take (ref, length) rather than spans: spilled span arguments are reloaded with wider
    // loads than they were stored with, which defeats store forwarding and costs tens of cycles per call.
    private void EncryptBlocksHardware(ref byte src, ref byte dst, nuint length)
    {
        ref Vector128<byte> rk = ref MemoryMarshal.GetArrayDataReference(_roundKeys);
        nuint offset = 0;
        Vector128<byte> k0 = rk;
        Vector128<byte> kLast = Unsafe.Add(ref rk, Rounds);

        for (; length - offset >= 8 * BlockSize; offset += 8 * BlockSize)
        {
            Vector128<byte> b0 = Vector128.LoadUnsafe(ref src, offset);
            Vector128<byte> b1 = Vector128.LoadUnsafe(ref src, offset + 16);
            Vector128<byte> b2 = Vector128.LoadUnsafe(ref src, offset + 32);
            Vector128<byte> b3 = Vector128.LoadUnsafe(ref src, offset + 48);
            Vector128<byte> b4 = Vector128.LoadUnsafe(ref src, offset + 64);
            Vector128<byte> b5 = Vector128.LoadUnsafe(ref src, offset + 80);
            Vector128<byte> b6 = Vector128.LoadUnsafe(ref src, offset + 96);
            Vector128<byte> b7 = Vector128.LoadUnsafe(ref src, offset + 112);
            EncryptEight(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
            StoreEight(ref Unsafe.Add(ref dst, offset), b0, b1, b2, b3, b4, b5, b6, b7);
        }

        if (length - offset >= 4 * BlockSize)
        {
            Vector128<byte> b0 = Vector128.LoadUnsafe(ref src, offset) ^ k0;
            Vector128<byte> b1 = Vector128.LoadUnsafe(ref src, offset + 16) ^ k0;
            Vector128<byte> b2 = Vector128.LoadUnsafe(ref src, offset + 32) ^ k0;
            Vector128<byte> b3 = Vector128.LoadUnsafe(ref src, offset + 48) ^ k0;
            for (nint r = 1; r < Rounds; r++)
            {
                Vector128<byte> k = Unsafe.Add(ref rk, r);
                b0 = Aes.Encrypt(b0, k);
                b1 = Aes.Encrypt(b1, k);
                b2 = Aes.Encrypt(b2, k);
                b3 = Aes.Encrypt(b3, k);
            }

            Aes.EncryptLast(b0, kLast).StoreUnsafe(ref dst, offset);
            Aes.EncryptLast(b1, kLast).StoreUnsafe(ref dst, offset + 16);
            Aes.EncryptLast(b2, kLast).StoreUnsafe(ref dst, offset + 32);
            Aes.EncryptLast(b3, kLast).StoreUnsafe(ref dst, offset + 48);
            offset += 4 * BlockSize;
        }

        for (; offset < length; offset += BlockSize)
        {
            EncryptHardware(ref rk, Vector128.LoadUnsafe(ref src, offset)).StoreUnsafe(ref dst, offset);
        }
    }

    private Vector128<byte> CtrXorHardware(Vector128<byte> counterBlock, ref byte src, ref byte dst, nuint length)
    {
        nuint offset = 0;
        Vector128<uint> counter = ToCounter(counterBlock);

        // The last one to eight blocks also take a full eight-wide pass: a narrower one would be latency-bound
        // and cost about as much. Their key stream goes through this buffer.
        Span<byte> tailStream = stackalloc byte[8 * BlockSize];
        while (offset < length)
        {
            EncryptCounters(counter, FromCounter(counter + CounterStep(7)), out Vector128<byte> b0, out Vector128<byte> b1, out Vector128<byte> b2, out Vector128<byte> b3, out Vector128<byte> b4, out Vector128<byte> b5, out Vector128<byte> b6, out Vector128<byte> b7);
            if (length - offset >= 8 * BlockSize)
            {
                (b0 ^ Vector128.LoadUnsafe(ref src, offset)).StoreUnsafe(ref dst, offset);
                (b1 ^ Vector128.LoadUnsafe(ref src, offset + 16)).StoreUnsafe(ref dst, offset + 16);
                (b2 ^ Vector128.LoadUnsafe(ref src, offset + 32)).StoreUnsafe(ref dst, offset + 32);
                (b3 ^ Vector128.LoadUnsafe(ref src, offset + 48)).StoreUnsafe(ref dst, offset + 48);
                (b4 ^ Vector128.LoadUnsafe(ref src, offset + 64)).StoreUnsafe(ref dst, offset + 64);
                (b5 ^ Vector128.LoadUnsafe(ref src, offset + 80)).StoreUnsafe(ref dst, offset + 80);
                (b6 ^ Vector128.LoadUnsafe(ref src, offset + 96)).StoreUnsafe(ref dst, offset + 96);
                (b7 ^ Vector128.LoadUnsafe(ref src, offset + 112)).StoreUnsafe(ref dst, offset + 112);
                counter += CounterStep(8);
                offset += 8 * BlockSize;
                continue;
            }

            ref byte stream = ref MemoryMarshal.GetReference(tailStream);
            StoreEight(ref stream, b0, b1, b2, b3, b4, b5, b6, b7);
            nuint remaining = length - offset;
            counter += CounterStep((uint)((remaining + BlockSize - 1) / BlockSize));
            XorStream(ref stream, ref Unsafe.Add(ref src, offset), ref Unsafe.Add(ref dst, offset), remaining);
            break;
        }

        return FromCounter(counter);
    }

    /// <summary>
    /// <paramref name="dst"/> = <paramref name="src"/> XOR <paramref name="stream"/> over <paramref name="length"/> bytes,
    /// whole blocks as vectors, the bytes past the last one one at a time so nothing outside the spans is touched.
    /// <paramref name="pairs"/> takes two blocks per load, for a stream stored well before: a load wider than the stores
    /// that wrote it cannot take its bytes from the store buffer and waits until they have reached the cache.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void XorStream(ref byte stream, ref byte src, ref byte dst, nuint length, bool pairs = false)
    {
        nuint i = 0;
        if (pairs)
        {
            for (; length - i >= 2 * BlockSize; i += 2 * BlockSize)
            {
                (Vector256.LoadUnsafe(ref stream, i) ^ Vector256.LoadUnsafe(ref src, i)).StoreUnsafe(ref dst, i);
            }
        }

        for (; length - i >= BlockSize; i += BlockSize)
        {
            (Vector128.LoadUnsafe(ref stream, i) ^ Vector128.LoadUnsafe(ref src, i)).StoreUnsafe(ref dst, i);
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref dst, i) = (byte)(Unsafe.Add(ref src, i) ^ Unsafe.Add(ref stream, i));
        }
    }

    /// <summary>Stores eight consecutive blocks at <paramref name="dst"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void StoreEight(ref byte dst, Vector128<byte> b0, Vector128<byte> b1, Vector128<byte> b2, Vector128<byte> b3, Vector128<byte> b4, Vector128<byte> b5, Vector128<byte> b6, Vector128<byte> b7)
    {
        b0.StoreUnsafe(ref dst, 0);
        b1.StoreUnsafe(ref dst, 16);
        b2.StoreUnsafe(ref dst, 32);
        b3.StoreUnsafe(ref dst, 48);
        b4.StoreUnsafe(ref dst, 64);
        b5.StoreUnsafe(ref dst, 80);
        b6.StoreUnsafe(ref dst, 96);
        b7.StoreUnsafe(ref dst, 112);
    }

    // Counters are kept with their last lane byte-swapped so that a 32-bit add is GCM's inc32; the mask converts
    // between the two forms (it is its own inverse).
    private static Vector128<byte> CounterSwap
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector128.Create((byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 15, 14, 13, 12);
    }

    /// <summary>A counter block in the form that <see cref="EncryptCounters"/> takes and 32-bit adds increment.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<uint> ToCounter(Vector128<byte> counterBlock) => Ssse3.Shuffle(counterBlock, CounterSwap).AsUInt32();

    /// <summary>The counter block of a <see cref="ToCounter"/> form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<byte> FromCounter(Vector128<uint> counter) => Ssse3.Shuffle(counter.AsByte(), CounterSwap);

    /// <summary>Adds <paramref name="blocks"/> to a <see cref="ToCounter"/> form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<uint> CounterStep(uint blocks) => Vector128.Create(0u, 0u, 0u, blocks);

    /// <summary>
    /// Encrypts the counter blocks <paramref name="counter"/> + 0..6 and, in the eighth slot, <paramref name="last"/>
    /// (the next counter, or any other block that would otherwise need a pass of its own). Hardware only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void EncryptCounters(Vector128<uint> counter, Vector128<byte> last, out Vector128<byte> b0, out Vector128<byte> b1, out Vector128<byte> b2, out Vector128<byte> b3, out Vector128<byte> b4, out Vector128<byte> b5, out Vector128<byte> b6, out Vector128<byte> b7)
    {
        b0 = FromCounter(counter);
        b1 = FromCounter(counter + CounterStep(1));
        b2 = FromCounter(counter + CounterStep(2));
        b3 = FromCounter(counter + CounterStep(3));
        b4 = FromCounter(counter + CounterStep(4));
        b5 = FromCounter(counter + CounterStep(5));
        b6 = FromCounter(counter + CounterStep(6));
        b7 = last;
        EncryptEight(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
    }

    /// <summary>Encrypts eight independent blocks at once, which hides the AESENC latency behind its throughput.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EncryptEight(ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3, ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7)
    {
        ref Vector128<byte> rk = ref MemoryMarshal.GetArrayDataReference(_roundKeys);
        Vector128<byte> k0 = rk;
        b0 ^= k0;
        b1 ^= k0;
        b2 ^= k0;
        b3 ^= k0;
        b4 ^= k0;
        b5 ^= k0;
        b6 ^= k0;
        b7 ^= k0;

        // Unrolled: with a loop over the rounds, the JIT keeps the eight states in registers that AESENC cannot encode
        // (xmm16 and up) and copies them in and out every round, which makes the pass front-end bound.
        Round(Unsafe.Add(ref rk, 1), ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
        Round(Unsafe.Add(ref rk, 2), ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
        Round(Unsafe.Add(ref rk, 3), ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
        Round(Unsafe.Add(ref rk, 4), ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
        Round(Unsafe.Add(ref rk, 5), ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
        Round(Unsafe.Add(ref rk, 6), ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
        Round(Unsafe.Add(ref rk, 7), ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
        Round(Unsafe.Add(ref rk, 8), ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
        Round(Unsafe.Add(ref rk, 9), ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
        Vector128<byte> kLast = Unsafe.Add(ref rk, Rounds);
        b0 = Aes.EncryptLast(b0, kLast);
        b1 = Aes.EncryptLast(b1, kLast);
        b2 = Aes.EncryptLast(b2, kLast);
        b3 = Aes.EncryptLast(b3, kLast);
        b4 = Aes.EncryptLast(b4, kLast);
        b5 = Aes.EncryptLast(b5, kLast);
        b6 = Aes.EncryptLast(b6, kLast);
        b7 = Aes.EncryptLast(b7, kLast);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(Vector128<byte> key, ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3, ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7)
    {
        b0 = Aes.Encrypt(b0, key);
        b1 = Aes.Encrypt(b1, key);
        b2 = Aes.Encrypt(b2, key);
        b3 = Aes.Encrypt(b3, key);
        b4 = Aes.Encrypt(b4, key);
        b5 = Aes.Encrypt(b5, key);
        b6 = Aes.Encrypt(b6, key);
        b7 = Aes.Encrypt(b7, key);
    }

    // ---- Portable fallback: byte-oriented FIPS-197. The S-box lookups are not constant-time. ----

    private Vector128<byte> EncryptSoftware(Vector128<byte> block)
    {
        Span<byte> buffer = stackalloc byte[BlockSize];
        block.CopyTo(buffer);
        EncryptBlockSoftware(MemoryMarshal.AsBytes(_roundKeys.AsSpan()), buffer, buffer);
        return Vector128.Create((ReadOnlySpan<byte>)buffer);
    }

    private Vector128<byte> CtrXorSoftware(Vector128<byte> counterBlock, ReadOnlySpan<byte> input, Span<byte> output)
    {
        ReadOnlySpan<byte> roundKeys = MemoryMarshal.AsBytes(_roundKeys.AsSpan());
        Span<byte> counter = stackalloc byte[BlockSize];
        Span<byte> stream = stackalloc byte[BlockSize];
        counterBlock.CopyTo(counter);
        for (int offset = 0; offset < input.Length; offset += BlockSize)
        {
            EncryptBlockSoftware(roundKeys, counter, stream);
            int count = Math.Min(BlockSize, input.Length - offset);
            for (int i = 0; i < count; i++)
            {
                output[offset + i] = (byte)(input[offset + i] ^ stream[i]);
            }

            BinaryPrimitives.WriteUInt32BigEndian(counter[12..], BinaryPrimitives.ReadUInt32BigEndian(counter[12..]) + 1);
        }

        return Vector128.Create((ReadOnlySpan<byte>)counter);
    }

    private static void ExpandKeySoftware(ReadOnlySpan<byte> key, Span<byte> roundKeys)
    {
        key.CopyTo(roundKeys);
        byte rcon = 1;
        for (int i = KeySize; i < (Rounds + 1) * BlockSize; i += 4)
        {
            byte t0 = roundKeys[i - 4], t1 = roundKeys[i - 3], t2 = roundKeys[i - 2], t3 = roundKeys[i - 1];
            if (i % KeySize == 0)
            {
                // RotWord, SubWord, then the round constant.
                byte first = t0;
                t0 = (byte)(SBox[t1] ^ rcon);
                t1 = SBox[t2];
                t2 = SBox[t3];
                t3 = SBox[first];
                rcon = XTime(rcon);
            }

            roundKeys[i] = (byte)(roundKeys[i - KeySize] ^ t0);
            roundKeys[i + 1] = (byte)(roundKeys[i - KeySize + 1] ^ t1);
            roundKeys[i + 2] = (byte)(roundKeys[i - KeySize + 2] ^ t2);
            roundKeys[i + 3] = (byte)(roundKeys[i - KeySize + 3] ^ t3);
        }
    }

    private static void EncryptBlockSoftware(ReadOnlySpan<byte> roundKeys, ReadOnlySpan<byte> input, Span<byte> output)
    {
        // State byte (row r, column c) sits at index r + 4c, the order of the input bytes.
        Span<byte> state = stackalloc byte[BlockSize];
        Span<byte> shifted = stackalloc byte[BlockSize];
        for (int i = 0; i < BlockSize; i++)
        {
            state[i] = (byte)(input[i] ^ roundKeys[i]);
        }

        for (int round = 1; round <= Rounds; round++)
        {
            // SubBytes and ShiftRows together: row r rotates left by r columns.
            for (int c = 0; c < 4; c++)
            {
                for (int r = 0; r < 4; r++)
                {
                    shifted[r + (4 * c)] = SBox[state[r + (4 * ((c + r) & 3))]];
                }
            }

            if (round < Rounds)
            {
                // MixColumns: b0 = 2a0 ^ 3a1 ^ a2 ^ a3 and rotations, written with one XTime per byte.
                for (int c = 0; c < BlockSize; c += 4)
                {
                    byte a0 = shifted[c], a1 = shifted[c + 1], a2 = shifted[c + 2], a3 = shifted[c + 3];
                    byte all = (byte)(a0 ^ a1 ^ a2 ^ a3);
                    shifted[c] = (byte)(a0 ^ all ^ XTime((byte)(a0 ^ a1)));
                    shifted[c + 1] = (byte)(a1 ^ all ^ XTime((byte)(a1 ^ a2)));
                    shifted[c + 2] = (byte)(a2 ^ all ^ XTime((byte)(a2 ^ a3)));
                    shifted[c + 3] = (byte)(a3 ^ all ^ XTime((byte)(a3 ^ a0)));
                }
            }

            ReadOnlySpan<byte> roundKey = roundKeys.Slice(round * BlockSize, BlockSize);
            for (int i = 0; i < BlockSize; i++)
            {
                state[i] = (byte)(shifted[i] ^ roundKey[i]);
            }
        }

        state.CopyTo(output);
    }

    private static byte XTime(byte value) => (byte)((value << 1) ^ (((value >> 7) & 1) * 0x1B));

    private static ReadOnlySpan<byte> SBox =>
    [
        0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab, 0x76,
        0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0, 0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0,
        0xb7, 0xfd, 0x93, 0x26, 0x36, 0x3f, 0xf7, 0xcc, 0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
        0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a, 0x07, 0x12, 0x80, 0xe2, 0xeb, 0x27, 0xb2, 0x75,
        0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0, 0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84,
        0x53, 0xd1, 0x00, 0xed, 0x20, 0xfc, 0xb1, 0x5b, 0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
        0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85, 0x45, 0xf9, 0x02, 0x7f, 0x50, 0x3c, 0x9f, 0xa8,
        0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5, 0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2,
        0xcd, 0x0c, 0x13, 0xec, 0x5f, 0x97, 0x44, 0x17, 0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
        0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88, 0x46, 0xee, 0xb8, 0x14, 0xde, 0x5e, 0x0b, 0xdb,
        0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c, 0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79,
        0xe7, 0xc8, 0x37, 0x6d, 0x8d, 0xd5, 0x4e, 0xa9, 0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
        0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6, 0xe8, 0xdd, 0x74, 0x1f, 0x4b, 0xbd, 0x8b, 0x8a,
        0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e, 0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e,
        0xe1, 0xf8, 0x98, 0x11, 0x69, 0xd9, 0x8e, 0x94, 0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
        0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68, 0x41, 0x99, 0x2d, 0x0f, 0xb0, 0x54, 0xbb, 0x16
    ];
}

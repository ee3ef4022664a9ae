using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Bolt.Core;
using Bolt.Core.Crypto;

namespace Bolt.Client;

/// <summary>
/// The client's keyed PRF from application keys to 128-bit digests (SPEC §2): AES-CMAC (NIST SP 800-38B)
/// under a key that never leaves the client, over a one-byte type tag and the key bytes. Byte-string and
/// string keys share the tag 'B' (a string is its UTF-8 bytes); integers use 'I' and their 8 LE bytes.
/// </summary>
public sealed class KeyPrf
{
    private const byte BytesTag = (byte)'B';
    private const byte IntegerTag = (byte)'I';
    private readonly Aes128 _aes;
    private readonly UInt128 _k1;
    private readonly UInt128 _k2;

    /// <summary>Creates the PRF from a 16-byte client key.</summary>
    public KeyPrf(ReadOnlySpan<byte> key)
    {
        if (key.Length != 16)
        {
            throw new BoltConfigurationException("prfKey", "The PRF key must be 16 bytes.");
        }

        _aes = new Aes128(key);
        Span<byte> l = stackalloc byte[16];
        l.Clear();
        _aes.EncryptBlock(l, l);
        _k1 = Double(BinaryPrimitives.ReadUInt128BigEndian(l));
        _k2 = Double(_k1);
    }

    /// <summary>The digest of a byte-string key.</summary>
    public Digest128 Digest(ReadOnlySpan<byte> key) => Mac(BytesTag, key);

    /// <summary>The digest of a string key: that of its UTF-8 bytes.</summary>
    public Digest128 Digest(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int maxBytes = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        Span<byte> bytes = maxBytes <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        var digest = Digest(bytes[..Encoding.UTF8.GetBytes(key, bytes)]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return digest;
    }

    /// <summary>The digest of an integer key.</summary>
    /// <remarks>
    /// The message ('I' and the 8 key bytes) is one partial block, so the CMAC is one AES call on that block padded
    /// with 10* and XORed with K2 (RFC 4493, step 4); written out so a bulk load of millions of keys pays nothing else.
    /// Compiled fully optimised from the first call: a load runs it millions of times before tiering would.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Digest128 Digest(long key)
    {
        Span<byte> block = stackalloc byte[16];
        block[0] = IntegerTag;
        BinaryPrimitives.WriteInt64LittleEndian(block[1..], key);
        block[9] = 0x80;
        block[10..].Clear();
        return ToDigest(Encrypt(BinaryPrimitives.ReadUInt128BigEndian(block) ^ _k2, block));
    }

    private Digest128 Mac(byte tag, ReadOnlySpan<byte> key)
    {
        byte[]? rented = null;
        int length = key.Length + 1;
        Span<byte> message = length <= 256 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        message[0] = tag;
        key.CopyTo(message[1..]);
        UInt128 mac = Cmac(message);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return ToDigest(mac);
    }

    private static Digest128 ToDigest(UInt128 mac)
    {
        var digest = new Digest128((ulong)mac, (ulong)(mac >> 64));
        return digest.IsZero ? new Digest128(1, 0) : digest; // the zero digest is reserved; 2^-128 odds
    }

    /// <summary>AES-CMAC of a message, as a big-endian 128-bit number (RFC 4493).</summary>
    internal UInt128 Cmac(ReadOnlySpan<byte> message)
    {
        int blocks = Math.Max(1, (message.Length + 15) / 16);
        Span<byte> block = stackalloc byte[16];
        UInt128 state = 0;
        for (int b = 0; b < blocks; b++)
        {
            int start = b * 16;
            int length = Math.Min(16, message.Length - start);
            block.Clear();
            message.Slice(start, length).CopyTo(block);
            UInt128 m = BinaryPrimitives.ReadUInt128BigEndian(block);
            if (b == blocks - 1)
            {
                m = length == 16 ? m ^ _k1 : m ^ ((UInt128)0x80 << (8 * (15 - length))) ^ _k2;
            }

            state = Encrypt(state ^ m, block);
        }

        return state;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private UInt128 Encrypt(UInt128 value, Span<byte> scratch)
    {
        BinaryPrimitives.WriteUInt128BigEndian(scratch, value);
        _aes.EncryptBlock(scratch, scratch);
        return BinaryPrimitives.ReadUInt128BigEndian(scratch);
    }

    /// <summary>Doubling in GF(2^128) for the CMAC subkeys.</summary>
    private static UInt128 Double(UInt128 x) => (x << 1) ^ ((x >> 127) != 0 ? (UInt128)0x87 : 0);
}

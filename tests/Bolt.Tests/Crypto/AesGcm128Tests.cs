using System.Security.Cryptography;
using Bolt.Core.Crypto;
using Xunit;

namespace Bolt.Tests.Crypto;

public sealed class AesGcm128Tests
{
    private const byte Sentinel = 0xA5;

    // "best": whatever the CPU offers (512-bit VPCLMULQDQ where present); "128": AES-NI with 128-bit PCLMULQDQ;
    // "software": the portable fallback.
    public static TheoryData<string> Paths => new() { "best", "128", "software" };

    // Test cases 1-4 of McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)".
    private const string Key34 = "feffe9928665731c6d6a8f9467308308";
    private const string Iv34 = "cafebabefacedbaddecaf888";
    private const string Plaintext3 =
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" +
        "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
    private const string Ciphertext3 =
        "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e" +
        "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985";

    public static TheoryData<string, string, string, string, string, string, string> SpecVectors
    {
        get
        {
            var data = new TheoryData<string, string, string, string, string, string, string>();
            foreach (string path in new[] { "best", "128", "software" })
            {
                data.Add(path, "00000000000000000000000000000000", "000000000000000000000000", "", "", "", "58e2fccefa7e3061367f1d57a4e7455a");
                data.Add(path, "00000000000000000000000000000000", "000000000000000000000000", "00000000000000000000000000000000", "", "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf");
                data.Add(path, Key34, Iv34, Plaintext3, "", Ciphertext3, "4d5c2af327cd64a62cf35abd2ba6fab4");
                data.Add(path, Key34, Iv34, Plaintext3[..120], "feedfacedeadbeeffeedfacedeadbeefabaddad2", Ciphertext3[..120], "5bc94fbc3221a5db94fae95ae7121a47");
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SpecVectors))]
    public void Seal_and_TryOpen_match_GCM_spec_vectors(string path, string key, string nonce, string plaintext, string aad, string ciphertext, string tag)
    {
        var gcm = Create(Convert.FromHexString(key), path);
        byte[] p = Convert.FromHexString(plaintext);
        byte[] a = Convert.FromHexString(aad);
        byte[] n = Convert.FromHexString(nonce);
        byte[] c = new byte[p.Length];
        byte[] t = new byte[16];

        gcm.Seal(n, p, c, t, a);

        Assert.Equal(ciphertext, Convert.ToHexStringLower(c));
        Assert.Equal(tag, Convert.ToHexStringLower(t));
        byte[] opened = new byte[c.Length];
        Assert.True(gcm.TryOpen(n, c, t, opened, a));
        Assert.Equal(p, opened);
    }

    [Fact]
    public void Hardware_path_is_used_when_the_cpu_supports_it()
    {
        byte[] key = new byte[16];
        Assert.Equal(Aes128.IsHardwareSupported && Ghash.IsHardwareSupported, new AesGcm128(key).IsHardwareAccelerated);
        Assert.Equal(Ghash.IsWideSupported, new AesGcm128(key).IsWide);
        Assert.False(Create(key, "128").IsWide);
        Assert.False(Create(key, "software").IsHardwareAccelerated);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Matches_framework_AesGcm_on_random_inputs(string path)
    {
        var random = new Random(path.Length * 1000);
        for (int iteration = 0; iteration < 400; iteration++)
        {
            // Every length up to 300, then a spread up to 2100, so each tail size and 8-block grouping occurs.
            int length = iteration < 300 ? iteration : random.Next(0, 2101);
            byte[] key = RandomBytes(random, 16);
            byte[] nonce = RandomBytes(random, 12);
            byte[] plaintext = RandomBytes(random, length);
            byte[] aad = RandomBytes(random, random.Next(0, 81));
            byte[] expectedCiphertext = new byte[length];
            byte[] expectedTag = new byte[16];
            using (var reference = new AesGcm(key, 16))
            {
                reference.Encrypt(nonce, plaintext, expectedCiphertext, expectedTag, aad);
            }

            var gcm = Create(key, path);
            byte[] ciphertext = new byte[length];
            byte[] tag = new byte[16];
            gcm.Seal(nonce, plaintext, ciphertext, tag, aad);

            Assert.Equal(expectedCiphertext, ciphertext);
            Assert.Equal(expectedTag, tag);
            byte[] opened = new byte[length];
            Assert.True(gcm.TryOpen(nonce, expectedCiphertext, expectedTag, opened, aad));
            Assert.Equal(plaintext, opened);
        }
    }

    [Fact]
    public void Short_inputs_take_the_one_pass_path_where_the_cpu_has_it()
    {
        byte[] key = new byte[16];
        var best = new AesGcm128(key);

        // A page body (448 bytes) under its 16-byte header; 64 blocks with the length block is the most that fits.
        bool fused = best.IsHardwareAccelerated && best.IsWide;
        Assert.Equal(fused, best.FusesOnePass(16, 448));
        Assert.Equal(fused, best.FusesOnePass(0, 63 * 16));
        Assert.Equal(fused, best.FusesOnePass(16, 62 * 16));
        Assert.False(best.FusesOnePass(0, (63 * 16) + 1));
        Assert.False(best.FusesOnePass(16, (62 * 16) + 1));
        Assert.False(Create(key, "128").FusesOnePass(16, 448));
        Assert.False(Create(key, "software").FusesOnePass(16, 448));
    }

    /// <summary>
    /// Every length from 0 to 1100 bytes: every tail size of a block and of an eight-block pass, with and without a
    /// spare slot for E(K, J0), and both sides of the one-pass limit (63 blocks with the length block); with associated
    /// data of 0, 16, 32 and an odd number of bytes, out of place and in place.
    /// </summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void Matches_framework_at_every_length_across_the_pass_boundaries(string path)
    {
        var random = new Random(path.Length * 7919);
        byte[] key = RandomBytes(random, 16);
        var gcm = Create(key, path);
        using var reference = new AesGcm(key, 16);
        foreach (int aadLength in new[] { 0, 16, 32, 21 })
        {
            byte[] aad = RandomBytes(random, aadLength);
            for (int length = 0; length <= 1100; length++)
            {
                byte[] nonce = RandomBytes(random, 12);
                byte[] plaintext = RandomBytes(random, length);
                byte[] expectedCiphertext = new byte[length];
                byte[] expectedTag = new byte[16];
                reference.Encrypt(nonce, plaintext, expectedCiphertext, expectedTag, aad);

                byte[] ciphertext = new byte[length];
                byte[] tag = new byte[16];
                gcm.Seal(nonce, plaintext, ciphertext, tag, aad);
                Assert.True(expectedCiphertext.AsSpan().SequenceEqual(ciphertext), $"ciphertext, length {length}, aad {aadLength}");
                Assert.True(expectedTag.AsSpan().SequenceEqual(tag), $"tag, length {length}, aad {aadLength}");

                byte[] buffer = (byte[])plaintext.Clone();
                gcm.Seal(nonce, buffer, buffer, tag, aad);
                Assert.True(expectedCiphertext.AsSpan().SequenceEqual(buffer), $"in-place ciphertext, length {length}, aad {aadLength}");
                Assert.True(expectedTag.AsSpan().SequenceEqual(tag), $"in-place tag, length {length}, aad {aadLength}");

                byte[] opened = new byte[length];
                Assert.True(gcm.TryOpen(nonce, expectedCiphertext, expectedTag, opened, aad), $"open, length {length}, aad {aadLength}");
                Assert.True(plaintext.AsSpan().SequenceEqual(opened), $"plaintext, length {length}, aad {aadLength}");
                Assert.True(gcm.TryOpen(nonce, buffer, expectedTag, buffer, aad), $"in-place open, length {length}, aad {aadLength}");
                Assert.True(plaintext.AsSpan().SequenceEqual(buffer), $"in-place plaintext, length {length}, aad {aadLength}");
            }
        }
    }

    /// <summary>
    /// A forged tag, ciphertext or associated data fails at each kind of length the one-pass path treats differently,
    /// and the plaintext, also when it is the ciphertext's own memory, is not touched.
    /// </summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void Forgeries_fail_at_every_pass_shape_and_leave_plaintext_untouched(string path)
    {
        var random = new Random(31);
        byte[] key = RandomBytes(random, 16);
        var gcm = Create(key, path);
        foreach (int length in new[] { 0, 1, 16, 112, 113, 127, 128, 129, 448, 1007, 1008, 1009 })
        {
            byte[] nonce = RandomBytes(random, 12);
            byte[] aad = RandomBytes(random, 16);
            byte[] plaintext = RandomBytes(random, length);
            byte[] ciphertext = new byte[length];
            byte[] tag = new byte[16];
            gcm.Seal(nonce, plaintext, ciphertext, tag, aad);

            // The first and last byte of the ciphertext, of the tag and of the associated data.
            var forgeries = new List<(byte[] Target, int Index)> { (tag, 0), (tag, 15), (aad, 0), (aad, 15) };
            if (length > 0)
            {
                forgeries.Add((ciphertext, 0));
                forgeries.Add((ciphertext, length - 1));
            }

            foreach ((byte[] target, int index) in forgeries)
            {
                target[index] ^= 0x80;
                byte[] output = new byte[length];
                Array.Fill(output, Sentinel);
                Assert.False(gcm.TryOpen(nonce, ciphertext, tag, output, aad));
                Assert.All(output, b => Assert.Equal(Sentinel, b));
                byte[] inPlace = (byte[])ciphertext.Clone();
                Assert.False(gcm.TryOpen(nonce, inPlace, tag, inPlace, aad));
                Assert.Equal(ciphertext, inPlace);
                target[index] ^= 0x80;
            }

            byte[] opened = new byte[length];
            Assert.True(gcm.TryOpen(nonce, ciphertext, tag, opened, aad));
            Assert.Equal(plaintext, opened);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Framework_opens_what_Seal_produced(string path)
    {
        var random = new Random(99);
        for (int iteration = 0; iteration < 50; iteration++)
        {
            byte[] key = RandomBytes(random, 16);
            byte[] nonce = RandomBytes(random, 12);
            byte[] plaintext = RandomBytes(random, random.Next(0, 700));
            byte[] aad = RandomBytes(random, random.Next(0, 81));
            byte[] ciphertext = new byte[plaintext.Length];
            byte[] tag = new byte[16];
            Create(key, path).Seal(nonce, plaintext, ciphertext, tag, aad);

            byte[] decrypted = new byte[plaintext.Length];
            using var reference = new AesGcm(key, 16);
            reference.Decrypt(nonce, ciphertext, tag, decrypted, aad);

            Assert.Equal(plaintext, decrypted);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void In_place_round_trip(string path)
    {
        var random = new Random(17);
        foreach (int length in new[] { 0, 1, 15, 16, 17, 127, 128, 129, 464, 2100 })
        {
            byte[] key = RandomBytes(random, 16);
            byte[] nonce = RandomBytes(random, 12);
            byte[] aad = RandomBytes(random, 16);
            byte[] original = RandomBytes(random, length);
            var gcm = Create(key, path);
            byte[] expected = new byte[length];
            byte[] expectedTag = new byte[16];
            gcm.Seal(nonce, original, expected, expectedTag, aad);

            byte[] buffer = (byte[])original.Clone();
            byte[] tag = new byte[16];
            gcm.Seal(nonce, buffer, buffer, tag, aad);
            Assert.Equal(expected, buffer);
            Assert.Equal(expectedTag, tag);

            Assert.True(gcm.TryOpen(nonce, buffer, tag, buffer, aad));
            Assert.Equal(original, buffer);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Any_flipped_bit_fails_and_leaves_plaintext_untouched(string path)
    {
        var random = new Random(23);
        byte[] key = RandomBytes(random, 16);
        byte[] nonce = RandomBytes(random, 12);
        byte[] aad = RandomBytes(random, 21);
        byte[] plaintext = RandomBytes(random, 37);
        var gcm = Create(key, path);
        byte[] ciphertext = new byte[plaintext.Length];
        byte[] tag = new byte[16];
        gcm.Seal(nonce, plaintext, ciphertext, tag, aad);
        byte[] output = new byte[plaintext.Length];

        foreach (byte[] target in new[] { ciphertext, tag, aad, nonce })
        {
            for (int bit = 0; bit < target.Length * 8; bit++)
            {
                target[bit / 8] ^= (byte)(1 << (bit % 8));
                Array.Fill(output, Sentinel);

                Assert.False(gcm.TryOpen(nonce, ciphertext, tag, output, aad));
                Assert.All(output, b => Assert.Equal(Sentinel, b));

                target[bit / 8] ^= (byte)(1 << (bit % 8));
            }
        }

        // Dropping or extending the associated data also fails, as does the in-place form.
        Array.Fill(output, Sentinel);
        Assert.False(gcm.TryOpen(nonce, ciphertext, tag, output, aad.AsSpan(0, 20)));
        Assert.False(gcm.TryOpen(nonce, ciphertext, tag, output, [.. aad, 0]));
        Assert.False(gcm.TryOpen(nonce, ciphertext, tag, output));
        Assert.All(output, b => Assert.Equal(Sentinel, b));
        byte[] tampered = (byte[])ciphertext.Clone();
        tampered[0] ^= 1;
        byte[] tamperedCopy = (byte[])tampered.Clone();
        Assert.False(gcm.TryOpen(nonce, tampered, tag, tampered, aad));
        Assert.Equal(tamperedCopy, tampered);

        // Untouched inputs still open.
        Assert.True(gcm.TryOpen(nonce, ciphertext, tag, output, aad));
        Assert.Equal(plaintext, output);
    }

    [Fact]
    public void Wrong_sizes_and_partial_overlap_are_rejected()
    {
        var gcm = new AesGcm128(new byte[16]);
        byte[] buffer = new byte[64];
        Assert.Throws<ArgumentException>(() => new AesGcm128(new byte[24]));
        Assert.Throws<ArgumentException>(() => gcm.Seal(new byte[11], new byte[16], new byte[16], new byte[16]));
        Assert.Throws<ArgumentException>(() => gcm.Seal(new byte[13], new byte[16], new byte[16], new byte[16]));
        Assert.Throws<ArgumentException>(() => gcm.Seal(new byte[12], new byte[16], new byte[16], new byte[12]));
        Assert.Throws<ArgumentException>(() => gcm.Seal(new byte[12], new byte[16], new byte[17], new byte[16]));
        Assert.Throws<ArgumentException>(() => gcm.Seal(new byte[12], buffer.AsSpan(0, 32), buffer.AsSpan(1, 32), new byte[16]));
        Assert.Throws<ArgumentException>(() => gcm.TryOpen(new byte[8], new byte[16], new byte[16], new byte[16]));
        Assert.Throws<ArgumentException>(() => gcm.TryOpen(new byte[12], new byte[16], new byte[15], new byte[16]));
        Assert.Throws<ArgumentException>(() => gcm.TryOpen(new byte[12], new byte[16], new byte[16], new byte[15]));
        Assert.Throws<ArgumentException>(() => gcm.TryOpen(new byte[12], buffer.AsSpan(16, 32), new byte[16], buffer.AsSpan(0, 32)));
    }

    [Fact]
    public void Seal_and_TryOpen_do_not_allocate()
    {
        var gcm = new AesGcm128(new byte[16]);
        byte[] nonce = new byte[12];
        byte[] aad = new byte[16];
        byte[] plaintext = new byte[464];
        byte[] ciphertext = new byte[464];
        byte[] tag = new byte[16];
        for (int i = 0; i < 10; i++)
        {
            gcm.Seal(nonce, plaintext, ciphertext, tag, aad);
            gcm.TryOpen(nonce, ciphertext, tag, plaintext, aad);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            gcm.Seal(nonce, plaintext, ciphertext, tag, aad);
            Assert.True(gcm.TryOpen(nonce, ciphertext, tag, plaintext, aad));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static AesGcm128 Create(byte[] key, string path) => path switch
    {
        "best" => new AesGcm128(key),
        "128" => new AesGcm128(key, forceSoftware: false, allowWide: false),
        _ => new AesGcm128(key, forceSoftware: true),
    };

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}

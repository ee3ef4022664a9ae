using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using Bolt.Core.Crypto;
using Xunit;

namespace Bolt.Tests.Crypto;

public sealed class Aes128Tests
{
    public static TheoryData<bool> Paths => new() { false, true };

    [Theory]
    [InlineData(false, "000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff", "69c4e0d86a7b0430d8cdb78070b4c55a")]
    [InlineData(true, "000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff", "69c4e0d86a7b0430d8cdb78070b4c55a")]
    [InlineData(false, "2b7e151628aed2a6abf7158809cf4f3c", "3243f6a8885a308d313198a2e0370734", "3925841d02dc09fbdc118597196a0b32")]
    [InlineData(true, "2b7e151628aed2a6abf7158809cf4f3c", "3243f6a8885a308d313198a2e0370734", "3925841d02dc09fbdc118597196a0b32")]
    public void EncryptBlock_matches_FIPS197_vectors(bool forceSoftware, string key, string plaintext, string expected)
    {
        var aes = new Aes128(Convert.FromHexString(key), forceSoftware);
        byte[] output = new byte[16];

        aes.EncryptBlock(Convert.FromHexString(plaintext), output);

        Assert.Equal(expected, Convert.ToHexStringLower(output));
    }

    [Fact]
    public void Hardware_path_is_used_when_the_cpu_supports_it()
    {
        byte[] key = new byte[16];
        Assert.Equal(Aes128.IsHardwareSupported, new Aes128(key).IsHardwareAccelerated);
        Assert.False(new Aes128(key, forceSoftware: true).IsHardwareAccelerated);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void EncryptBlocks_matches_framework_ECB_on_random_inputs(bool forceSoftware)
    {
        var random = new Random(forceSoftware ? 11 : 7);
        using var reference = System.Security.Cryptography.Aes.Create();
        for (int iteration = 0; iteration < 300; iteration++)
        {
            byte[] key = RandomBytes(random, 16);
            byte[] input = RandomBytes(random, 16 * random.Next(0, 41));
            reference.Key = key;
            byte[] expected = reference.EncryptEcb(input, PaddingMode.None);
            var aes = new Aes128(key, forceSoftware);

            byte[] output = new byte[input.Length];
            aes.EncryptBlocks(input, output);
            Assert.Equal(expected, output);

            // In place gives the same bytes.
            byte[] inPlace = (byte[])input.Clone();
            aes.EncryptBlocks(inPlace, inPlace);
            Assert.Equal(expected, inPlace);

            if (input.Length > 0)
            {
                byte[] single = new byte[16];
                aes.EncryptBlock(input.AsSpan(0, 16), single);
                Assert.Equal(expected.AsSpan(0, 16).ToArray(), single);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void EncryptBlock_in_place_matches_out_of_place(bool forceSoftware)
    {
        var random = new Random(3);
        var aes = new Aes128(RandomBytes(random, 16), forceSoftware);
        byte[] block = RandomBytes(random, 16);
        byte[] expected = new byte[16];
        aes.EncryptBlock(block, expected);

        aes.EncryptBlock(block, block);

        Assert.Equal(expected, block);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void DeriveKey_is_AES_of_the_label_under_the_root_key(bool forceSoftware)
    {
        var random = new Random(5);
        using var reference = System.Security.Cryptography.Aes.Create();
        for (int iteration = 0; iteration < 100; iteration++)
        {
            byte[] rootKey = RandomBytes(random, 16);
            byte[] label = RandomBytes(random, 16);
            reference.Key = rootKey;
            byte[] derived = new byte[16];

            Aes128.DeriveKey(rootKey, label, derived, forceSoftware);

            Assert.Equal(reference.EncryptEcb(label, PaddingMode.None), derived);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void CtrXor_is_ECB_of_inc32_counters_and_wraps_the_low_word(bool forceSoftware)
    {
        var random = new Random(29);
        byte[] key = RandomBytes(random, 16);
        var aes = new Aes128(key, forceSoftware);
        using var reference = System.Security.Cryptography.Aes.Create();
        reference.Key = key;
        foreach (int length in new[] { 0, 5, 16, 100, 128, 200, 300 })
        {
            byte[] start = RandomBytes(random, 16);
            start[12] = start[13] = start[14] = 0xFF;
            start[15] = 0xFD;
            int blocks = (length + 15) / 16;
            byte[] counters = new byte[blocks * 16];
            for (int i = 0; i < blocks; i++)
            {
                start.AsSpan(0, 12).CopyTo(counters.AsSpan(i * 16));
                BinaryPrimitives.WriteUInt32BigEndian(counters.AsSpan((i * 16) + 12), 0xFFFFFFFDu + (uint)i);
            }

            byte[] stream = reference.EncryptEcb(counters, PaddingMode.None);
            byte[] input = RandomBytes(random, length);
            byte[] output = new byte[length];

            Vector128<byte> next = aes.CtrXor(Vector128.Create(start), input, output);

            for (int i = 0; i < length; i++)
            {
                Assert.Equal((byte)(input[i] ^ stream[i]), output[i]);
            }

            byte[] nextBytes = new byte[16];
            next.CopyTo(nextBytes);
            Assert.Equal(unchecked(0xFFFFFFFDu + (uint)blocks), BinaryPrimitives.ReadUInt32BigEndian(nextBytes.AsSpan(12)));
            Assert.Equal(start.AsSpan(0, 12).ToArray(), nextBytes.AsSpan(0, 12).ToArray());
        }
    }

    [Fact]
    public void Public_DeriveKey_matches_FIPS197_vector()
    {
        byte[] derived = new byte[16];
        Aes128.DeriveKey(Convert.FromHexString("000102030405060708090a0b0c0d0e0f"), Convert.FromHexString("00112233445566778899aabbccddeeff"), derived);
        Assert.Equal("69c4e0d86a7b0430d8cdb78070b4c55a", Convert.ToHexStringLower(derived));
    }

    [Fact]
    public void Wrong_sizes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new Aes128(new byte[15]));
        Assert.Throws<ArgumentException>(() => new Aes128(new byte[32]));
        var aes = new Aes128(new byte[16]);
        Assert.Throws<ArgumentException>(() => aes.EncryptBlock(new byte[15], new byte[16]));
        Assert.Throws<ArgumentException>(() => aes.EncryptBlock(new byte[16], new byte[15]));
        Assert.Throws<ArgumentException>(() => aes.EncryptBlocks(new byte[17], new byte[32]));
        Assert.Throws<ArgumentException>(() => aes.EncryptBlocks(new byte[32], new byte[16]));
        Assert.Throws<ArgumentException>(() => Aes128.DeriveKey(new byte[15], new byte[16], new byte[16]));
        Assert.Throws<ArgumentException>(() => Aes128.DeriveKey(new byte[16], new byte[17], new byte[16]));
        Assert.Throws<ArgumentException>(() => Aes128.DeriveKey(new byte[16], new byte[16], new byte[15]));
    }

    [Fact]
    public void Partially_overlapping_buffers_are_rejected()
    {
        var aes = new Aes128(new byte[16]);
        byte[] buffer = new byte[80];
        Assert.Throws<ArgumentException>(() => aes.EncryptBlocks(buffer.AsSpan(0, 64), buffer.AsSpan(16, 64)));
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}

using Bolt.Core.Abi;
using Bolt.Core.Crypto;

namespace Bolt.Tests.Durability;

/// <summary>
/// The host's view of a two-time pad: two copies of the host region, taken in two lifetimes' worth of calls, and the
/// pages that carry the same (page, version) header with different contents. For each such pair the test decrypts both
/// (it knows the keys) and asks whether the XOR of the ciphertexts equals the XOR of the plaintexts — true exactly when
/// both were sealed under the same key and nonce, which hands the host the XOR of two plaintexts and GCM's hash key.
/// </summary>
internal static class TwoTimePadCount
{
    public static int Count(byte[] first, byte[] firstLifetime, byte[] second, byte[] secondLifetime, byte[] deviceKey, int pageBytes)
    {
        var firstGcm = PageKey(deviceKey, firstLifetime);
        var secondGcm = PageKey(deviceKey, secondLifetime);
        int body = pageBytes - PageLayout.HeaderBytes - PageLayout.TagBytes;
        int count = 0;
        for (int offset = 0; offset + pageBytes <= first.Length; offset += pageBytes)
        {
            var a = first.AsSpan(offset, pageBytes);
            var b = second.AsSpan(offset, pageBytes);
            if (PageLayout.ReadVersion(a) != PageLayout.ReadVersion(b) || PageLayout.ReadVersion(a) == 0 || a.SequenceEqual(b))
            {
                continue;
            }

            var plainA = Open(firstGcm, a, body);
            var plainB = Open(secondGcm, b, body);
            if (plainA is null || plainB is null || plainA.AsSpan().SequenceEqual(plainB))
            {
                continue;
            }

            bool samePad = true;
            for (int i = 0; i < body; i++)
            {
                samePad &= (a[PageLayout.HeaderBytes + i] ^ b[PageLayout.HeaderBytes + i]) == (plainA[i] ^ plainB[i]);
            }

            count += samePad ? 1 : 0;
        }

        return count;
    }

    private static AesGcm128 PageKey(byte[] deviceKey, byte[] lifetime)
    {
        Span<byte> lifetimeKey = stackalloc byte[16];
        Span<byte> key = stackalloc byte[16];
        DeviceLifetime.DeriveKey(deviceKey, lifetime, lifetimeKey);
        Aes128.DeriveKey(lifetimeKey, KeyLabels.Page, key);
        return new AesGcm128(key);
    }

    private static byte[]? Open(AesGcm128 gcm, ReadOnlySpan<byte> page, int body)
    {
        Span<byte> nonce = stackalloc byte[12];
        PageLayout.WriteNonce(nonce, PageLayout.ReadPageIndex(page), PageLayout.ReadVersion(page));
        var plain = new byte[body];
        return gcm.TryOpen(nonce, page.Slice(PageLayout.HeaderBytes, body), page[^PageLayout.TagBytes..], plain, page[..PageLayout.HeaderBytes]) ? plain : null;
    }
}

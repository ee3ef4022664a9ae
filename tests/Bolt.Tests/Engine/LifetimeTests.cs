using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Core.Trace;
using Bolt.Sim;
using Xunit;

namespace Bolt.Tests.Engine;

/// <summary>
/// Every device start is a new lifetime (SPEC §3): a restart with the same root key must never repeat a PRNG block
/// (the page pairs of op-aligned accesses) or a GCM nonce under the same key (the sealed host images). Two starts
/// given the same lifetime — the first version's behaviour — are the positive control and repeat everything.
/// </summary>
public sealed class LifetimeTests
{
    private static readonly BoltParameters P = new(capacity: 4096, valueSize: 8);

    [Fact]
    public void Two_lifetimes_with_the_same_root_key_share_no_page_pair_no_sealed_page_and_no_device_nonce()
    {
        var (firstPairs, firstImage, firstNonce) = Run(lifetime: null, items: 2000);
        var (secondPairs, secondImage, secondNonce) = Run(lifetime: null, items: 2000);
        var (_, emptyImage, _) = Run(lifetime: null, items: 0);

        // Op-aligned ordered pairs agree by chance with probability 1/H² each: about 2000/H² ≈ 0.01 expected.
        int samePairs = firstPairs.Zip(secondPairs).Count(p => p.First == p.Second);
        Assert.True(samePairs <= 2, $"{samePairs} of {firstPairs.Count} op-aligned page pairs repeated across lifetimes");
        Assert.Equal(0, SameCiphertextBlocks(firstImage, secondImage));
        Assert.Equal(0, SlotsRecoveredByXor(firstImage, emptyImage));
        Assert.NotEqual(firstNonce, secondNonce);
    }

    [Fact]
    public void Positive_control_a_repeated_lifetime_repeats_every_pair_and_every_sealed_page()
    {
        var lifetime = "REPEATED-LIFE-01"u8.ToArray();
        var (firstPairs, firstImage, firstNonce) = Run(lifetime, items: 2000);
        var (secondPairs, secondImage, secondNonce) = Run(lifetime, items: 2000);
        var (_, emptyImage, _) = Run(lifetime, items: 0);

        Assert.Equal(firstPairs, secondPairs);
        Assert.Equal(firstImage, secondImage);
        Assert.Equal(firstNonce, secondNonce);

        // Same nonce, same key: the XOR of two ciphertexts is the XOR of their plaintexts. An empty map's pages seal
        // zero slots, so XOR-ing a loaded map's image with an empty map's recovers the loaded plaintext outright: every
        // host-resident slot (about 80% of the 2000 items at α = 0.2) shows its occupied 8-byte value.
        Assert.True(SlotsRecoveredByXor(firstImage, emptyImage) > 1000);
    }

    /// <summary>Loads <paramref name="items"/> keys and serves 2000 gets on a fresh device; returns the op-aligned page pairs, the host image after the load and the first session's device nonce.</summary>
    private static (List<(long, long)> Pairs, byte[] Image, byte[] DeviceNonce) Run(byte[]? lifetime, int items)
    {
        var trace = new TraceBuffer();
        using var h = new DeviceHarness(P, seed: 5, trace, lifetime);
        var hello = new byte[HelloLayout.DeviceBytes];
        h.Device.OpenSession(new byte[HelloLayout.ClientBytes], hello);
        h.Load(Enumerable.Range(0, items).Select(k => ((long)k, BitConverter.GetBytes((long)k))).ToList());
        var image = h.Device.HostMemory.ToArray();
        for (long k = 0; k < 2000; k++)
        {
            h.Get(k);
        }

        var reads = trace.Rows.Where(r => r.Op >= 0 && r.Kind == TraceKind.R).ToList();
        var pairs = reads.Chunk(2).Select(c => (c[0].Address, c[1].Address)).ToList();
        return (pairs, image, HelloLayout.DeviceNonce(hello).ToArray());
    }

    /// <summary>Slots whose XOR across two images reads as an occupied slot with an 8-byte value (meta = 0x80000008): plaintext recovered.</summary>
    private static int SlotsRecoveredByXor(byte[] a, byte[] b)
    {
        int recovered = 0;
        for (int page = 0; page < P.HostPages; page++)
        {
            for (int slot = 0; slot < P.SlotsPerBin; slot++)
            {
                int meta = (page * P.PageBytes) + 16 + (slot * P.SlotBytes) + 16;
                uint xor = BitConverter.ToUInt32(a, meta) ^ BitConverter.ToUInt32(b, meta);
                recovered += xor == 0x80000008u ? 1 : 0;
            }
        }

        return recovered;
    }

    /// <summary>16-byte ciphertext blocks equal at the same offset of two host images (the pages' slot areas).</summary>
    private static int SameCiphertextBlocks(byte[] a, byte[] b)
    {
        int same = 0;
        for (int page = 0; page < P.HostPages; page++)
        {
            int body = (page * P.PageBytes) + 16;
            for (int off = 0; off + 16 <= P.PageBytes - 32; off += 16)
            {
                same += a.AsSpan(body + off, 16).SequenceEqual(b.AsSpan(body + off, 16)) ? 1 : 0;
            }
        }

        return same;
    }
}

using Bolt.Core;
using Bolt.Core.Abi;
using Xunit;

namespace Bolt.Tests.Engine;

/// <summary>Flipped, swapped and replayed host pages are detected, abort the access and change nothing.</summary>
public sealed class TamperTests
{
    private delegate void Tampering(Span<byte> host, int page, byte[] stalePage);

    private static readonly BoltParameters Small = new(capacity: 1 << 10, valueSize: 8);

    [Fact]
    public void A_flipped_bit_in_a_page_is_detected_when_the_page_is_read()
    {
        Attack((host, page, _) => host[(int)(page * Small.PageBytes) + 40 + Random.Shared.Next(Small.PageBytes - 40)] ^= 0x10);
    }

    [Fact]
    public void A_flipped_bit_in_a_page_header_is_detected()
    {
        Attack((host, page, _) => host[(int)(page * Small.PageBytes) + 3] ^= 1);
    }

    [Fact]
    public void Two_swapped_pages_are_detected()
    {
        Attack((host, page, _) =>
        {
            int other = (page + 1) % Small.HostPages;
            var a = host.Slice(page * Small.PageBytes, Small.PageBytes).ToArray();
            host.Slice(other * Small.PageBytes, Small.PageBytes).CopyTo(host.Slice(page * Small.PageBytes, Small.PageBytes));
            a.CopyTo(host.Slice(other * Small.PageBytes, Small.PageBytes));
        });
    }

    [Fact]
    public void A_replayed_older_version_of_a_page_is_detected()
    {
        Attack((host, page, stale) => stale.CopyTo(host.Slice(page * Small.PageBytes, Small.PageBytes)));
    }

    /// <summary>
    /// Loads keys, keeps a stale copy of every page, runs some ops so versions move on, applies the attack to
    /// the page of a target key, then checks: the next access that reads the page reports IntegrityViolation
    /// and changes nothing; after the host restores the page, every key reads back its true value.
    /// </summary>
    private static void Attack(Tampering tamper)
    {
        using var h = new DeviceHarness(Small, seed: 9);
        var items = Enumerable.Range(0, 600).Select(k => ((long)k, BitConverter.GetBytes((long)k * 7))).ToList();
        h.Load(items);
        var stale = h.Device.HostMemory.ToArray();
        for (long k = 0; k < 600; k += 3)
        {
            Assert.Equal(DeviceStatus.Ok, h.Put(k, BitConverter.GetBytes(k * 11)).Status);
        }

        var expected = items.ToDictionary(i => i.Item1, i => i.Item1 % 3 == 0 ? BitConverter.GetBytes(i.Item1 * 11) : i.Item2);
        int detected = 0;
        for (int attempt = 0; attempt < 50 && detected == 0; attempt++)
        {
            // Tamper with the first dummy page the next access (an insert, so a miss) will read; the PRNG is
            // public to this test, not to the host.
            int page = NextDummyPage(h);
            var good = h.Device.HostMemory.ToArray();
            tamper(h.Device.HostMemory, page, stale.AsSpan(page * Small.PageBytes, Small.PageBytes).ToArray());
            var tampered = h.Device.HostMemory.ToArray();
            long key = 1_000_000 + attempt;
            var reply = h.Put(key, [0xEE]);
            Assert.Equal(DeviceStatus.IntegrityViolation, reply.Status);
            Assert.Equal(tampered, h.Device.HostMemory.ToArray()); // the aborted access wrote nothing
            good.CopyTo(h.Device.HostMemory);
            Assert.Equal(DeviceStatus.NotFound, h.Get(key).Status); // the aborted insert did not happen
            detected++;
        }

        Assert.Equal(1, detected);
        Assert.Equal(1, h.Device.Engine.Counters.IntegrityFailures);
        foreach (var (key, value) in expected)
        {
            var reply = h.Get(key);
            Assert.Equal(DeviceStatus.Ok, reply.Status);
            Assert.Equal(value, reply.Value);
        }
    }

    private static int NextDummyPage(DeviceHarness h)
    {
        var prng = new Bolt.Core.Crypto.AesCtrPrng(Bolt.Sim.SimulatedDeviceOptions.InsecureFixedKey(9));
        var block = prng.Block(Bolt.Core.Crypto.AesCtrPrng.AccessDomain, (ulong)h.Device.Engine.AccessSequence);
        return Bolt.Core.Crypto.AesCtrPrng.Range(block.W0, h.Parameters.HostPages);
    }
}

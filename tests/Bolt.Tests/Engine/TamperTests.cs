using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Trace;
using Xunit;

namespace Bolt.Tests.Engine;

/// <summary>Flipped, swapped and replayed host pages are detected, abort the access, change nothing and halt the device.</summary>
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
    /// the page the next access reads, then checks: that access reports IntegrityViolation and writes nothing; the
    /// device halts (fail-stop), so even after the host restores the page every later record is refused with Halted,
    /// touches no page and changes nothing in host memory. The items are all still in the device, unreachable.
    /// </summary>
    private static void Attack(Tampering tamper)
    {
        var trace = new TraceBuffer();
        using var h = new DeviceHarness(Small, seed: 9, trace, Lifetime);
        var items = Enumerable.Range(0, 600).Select(k => ((long)k, BitConverter.GetBytes((long)k * 7))).ToList();
        h.Load(items);
        var stale = h.Device.HostMemory.ToArray();
        for (long k = 0; k < 600; k += 3)
        {
            Assert.Equal(DeviceStatus.Ok, h.Put(k, BitConverter.GetBytes(k * 11)).Status);
        }

        // Tamper with the first dummy page the next access (an insert, so a miss) will read; the PRNG is public to
        // this test (it pins the lifetime), not to the host.
        int page = NextDummyPage(h);
        var good = h.Device.HostMemory.ToArray();
        tamper(h.Device.HostMemory, page, stale.AsSpan(page * Small.PageBytes, Small.PageBytes).ToArray());
        var tampered = h.Device.HostMemory.ToArray();
        var reply = h.Put(1_000_000, [0xEE]);
        Assert.Equal(DeviceStatus.IntegrityViolation, reply.Status);
        Assert.Equal(tampered, h.Device.HostMemory.ToArray()); // the aborted access wrote nothing
        Assert.True(h.Device.PublicStatus.Halted);

        good.CopyTo(h.Device.HostMemory);
        int rows = trace.Rows.Count;
        for (long k = 0; k < 600; k += 50)
        {
            Assert.Equal(DeviceStatus.Halted, h.Get(k).Status);
        }

        Assert.Equal(good, h.Device.HostMemory.ToArray());
        Assert.DoesNotContain(trace.Rows.Skip(rows), r => r.Kind is TraceKind.R or TraceKind.W);
        Assert.Equal(1, h.Device.PublicStatus.IntegrityFailures);
    }

    private static readonly byte[] Lifetime = "TAMPER-LIFETIME!"u8.ToArray();

    private static int NextDummyPage(DeviceHarness h)
    {
        var lifetimeKey = new byte[16];
        Bolt.Core.Crypto.DeviceLifetime.DeriveKey(Bolt.Sim.SimulatedDeviceOptions.InsecureFixedKey(9), Lifetime, lifetimeKey);
        var prng = new Bolt.Core.Crypto.AesCtrPrng(lifetimeKey);
        var block = prng.Block(Bolt.Core.Crypto.AesCtrPrng.DummyDomain, (ulong)h.Device.Engine.AccessSequence);
        return Bolt.Core.Crypto.AesCtrPrng.Range64(block.Q0, h.Parameters.HostPages);
    }
}

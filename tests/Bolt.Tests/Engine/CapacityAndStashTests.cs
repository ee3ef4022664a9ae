using Bolt.Core;
using Bolt.Core.Abi;
using Xunit;

namespace Bolt.Tests.Engine;

/// <summary>A full map and an overflowing stash refuse inserts with typed statuses and lose nothing.</summary>
public sealed class CapacityAndStashTests
{
    [Fact]
    public void Inserting_past_capacity_is_refused_and_every_item_survives()
    {
        var p = new BoltParameters(capacity: 64, valueSize: 8);
        using var h = new DeviceHarness(p);
        h.Load([]);
        for (long k = 0; k < 64; k++)
        {
            Assert.Equal(DeviceStatus.Ok, h.Put(k, BitConverter.GetBytes(k)).Status);
        }

        var refused = h.Put(1000, [9]);
        Assert.Equal(DeviceStatus.CapacityExceeded, refused.Status);
        Assert.False(refused.WasPresent);
        Assert.Equal(DeviceStatus.NotFound, h.Get(1000).Status);
        for (long k = 0; k < 64; k++)
        {
            Assert.Equal(BitConverter.GetBytes(k), h.Get(k).Value);
        }

        Assert.Equal(DeviceStatus.Ok, h.Put(5, [7]).Status); // updates still work at capacity
        Assert.Equal(DeviceStatus.Ok, h.Delete(6).Status);
        Assert.Equal(DeviceStatus.Ok, h.Put(1000, [9]).Status); // and a delete makes room
    }

    [Fact]
    public void A_bulk_load_larger_than_capacity_is_refused_and_leaves_the_device_empty()
    {
        var p = new BoltParameters(capacity: 16);
        using var h = new DeviceHarness(p);
        var items = Enumerable.Range(0, 17).Select(k => ((long)k, new byte[] { 1 })).ToList();
        var e = Assert.Throws<BulkLoadException>(() => h.Load(items));
        Assert.Equal(DeviceStatus.CapacityExceeded, e.Status);
        Assert.Equal(0, h.Device.Engine.Counters.Items);
    }

    [Fact]
    public void A_bulk_load_with_a_repeated_key_is_refused()
    {
        using var h = new DeviceHarness(new BoltParameters(capacity: 64));
        var e = Assert.Throws<BulkLoadException>(() => h.Load([(1, [1]), (2, [2]), (1, [3])]));
        Assert.Equal(DeviceStatus.InvalidKey, e.Status);
        Assert.Equal(0, h.Device.Engine.Counters.Items);
    }

    [Fact]
    public void An_overflowing_stash_refuses_inserts_forever_and_drops_nothing()
    {
        // A tiny bin factor with no slack (l_max = c = 2): at full capacity bins fill, items go to a one-item
        // stash, and the stash fills.
        var p = new BoltParameters(capacity: 1 << 12, binFactor: 2, hbmFraction: 0.2, valueSize: 8, stashCapacity: 1, slotsPerBin: 2);
        using var h = new DeviceHarness(p, seed: 3);
        h.Load([]);
        var stored = new Dictionary<long, byte[]>();
        long k = 0;
        DeviceStatus last = DeviceStatus.Ok;
        for (; k < p.Capacity * 4L && last != DeviceStatus.StashOverflow; k++)
        {
            var value = BitConverter.GetBytes(k * 31);
            last = h.Put(k, value).Status;
            if (last == DeviceStatus.Ok)
            {
                stored[k] = value;
            }
            else if (last == DeviceStatus.CapacityExceeded)
            {
                // At capacity: make room with deletes so inserts keep pressing on the bins.
                long victim = stored.Keys.First();
                Assert.Equal(DeviceStatus.Ok, h.Delete(victim).Status);
                stored.Remove(victim);
            }
        }

        Assert.Equal(DeviceStatus.StashOverflow, last);
        Assert.True(h.Device.Engine.Counters.StashOverflowed);
        Assert.Equal(DeviceStatus.StashOverflow, h.Put(-1, [1]).Status); // sticky, even for a fresh key
        foreach (var (key, value) in stored)
        {
            var reply = h.Get(key); // gets re-place items: with both bins full they stay where they are
            Assert.Equal(DeviceStatus.Ok, reply.Status);
            Assert.Equal(value, reply.Value);
        }

        var some = stored.Keys.First();
        Assert.Equal(DeviceStatus.Ok, h.Put(some, [42]).Status); // updates are still served
        Assert.Equal(new byte[] { 42 }, h.Get(some).Value);
    }
}

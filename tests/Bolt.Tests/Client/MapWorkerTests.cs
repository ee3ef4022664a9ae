using Bolt.Client;
using Bolt.Core;
using Xunit;

namespace Bolt.Tests.Client;

/// <summary>The device runs on the map's own worker: awaiting never blocks the caller, and concurrent single calls share frames.</summary>
public sealed class MapWorkerTests
{
    [Fact]
    public async Task An_async_call_returns_to_its_caller_while_the_device_is_still_working()
    {
        var (map, relay) = MapFixture.Create();
        await using var _map = map;
        using var hold = new ManualResetEventSlim(false);
        relay.Hold = hold;
        relay.Entered.Reset();
        try
        {
            // On a map that ran the round trip on the calling thread, this call would not return until the device did.
            Task<bool>? pending = null;
            var caller = new Thread(() => pending = map.PutAsync(1, new byte[] { 1 }).AsTask());
            caller.Start();
            Assert.True(caller.Join(TimeSpan.FromSeconds(60)), "the call blocked its caller for the whole round trip");
            Assert.True(relay.Entered.Wait(TimeSpan.FromSeconds(60)));
            Assert.False(pending!.IsCompleted);
            relay.Hold = null;
            hold.Set();
            Assert.True(await pending);
        }
        finally
        {
            relay.Hold = null;
            hold.Set();
        }
    }

    [Fact]
    public async Task Single_calls_queued_while_the_device_is_busy_share_one_frame()
    {
        var (map, relay) = MapFixture.Create(capacity: 1024);
        await using var _map = map;
        using var hold = new ManualResetEventSlim(false);
        relay.Hold = hold;
        relay.Entered.Reset();
        int before = relay.SealedCalls;
        var first = map.PutAsync(-1, new byte[] { 9 }).AsTask();
        List<Task<bool>> puts;
        List<Task<byte[]?>> gets;
        try
        {
            Assert.True(relay.Entered.Wait(TimeSpan.FromSeconds(60)));
            puts = Enumerable.Range(0, 100).Select(i => map.PutAsync(i, BitConverter.GetBytes(i)).AsTask()).ToList();
            gets = Enumerable.Range(0, 100).Select(i => map.GetAsync(i).AsTask()).ToList();
        }
        finally
        {
            // Released on every path: a held device worker would keep the map's disposal (and the test) waiting forever.
            relay.Hold = null;
            hold.Set();
        }

        await first;
        var values = await Task.WhenAll(gets);

        // 200 queued singles fit in one frame of MaxBatch (256): the first frame, then exactly one more.
        Assert.Equal(before + 2, relay.SealedCalls);
        Assert.All(await Task.WhenAll(puts), Assert.True);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(BitConverter.GetBytes(i), values[i]);
        }

        Assert.Equal(101, map.Count);
    }

    [Fact]
    public async Task A_coalescing_delay_is_an_option_bounded_to_a_few_milliseconds()
    {
        var relay = MapFixture.Relay(256, 32, 3, out var provisioningKey);
        var tooLong = new ObliviousMapOptions { CoalescingDelay = TimeSpan.FromSeconds(1) };
        var e = Assert.Throws<BoltConfigurationException>(() => ObliviousMap.Create(relay, provisioningKey, MapFixture.PrfKey, options: tooLong));
        Assert.Equal(nameof(ObliviousMapOptions.CoalescingDelay), e.Parameter);
        Assert.True(relay.Disposed, "a refused map releases the device it was given");

        relay = MapFixture.Relay(256, 32, 3, out provisioningKey);
        await using var map = ObliviousMap.Create(relay, provisioningKey, MapFixture.PrfKey, options: new ObliviousMapOptions { CoalescingDelay = TimeSpan.FromMilliseconds(2) });
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => map.PutAsync(i, new byte[] { (byte)i }).AsTask()));
        Assert.All(results, Assert.True);
        Assert.Equal(new byte[] { 7 }, await map.GetAsync(7));
    }
}

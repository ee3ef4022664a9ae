using Bolt.Client;
using Xunit;

namespace Bolt.Tests.Client;

/// <summary>Cancellation, serialisation of concurrent callers, and disposal.</summary>
public sealed class ObliviousMapAsyncTests
{
    [Fact]
    public async Task A_cancelled_call_sends_nothing()
    {
        var (map, relay) = MapFixture.Create();
        await using var _map = map;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        int calls = relay.SealedCalls;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await map.PutAsync(1, new byte[] { 1 }, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => map.ExecuteAsync([MapRequest.Put(2, new byte[] { 2 })], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await map.GetAsync(1, cancelled.Token));

        Assert.Equal(calls, relay.SealedCalls);
        Assert.False(await map.ContainsAsync(1));
        Assert.False(await map.ContainsAsync(2));
    }

    [Fact]
    public async Task A_call_waiting_its_turn_can_be_cancelled_while_the_device_is_busy()
    {
        var (map, relay) = MapFixture.Create();
        await using var _map = map;
        using var hold = new ManualResetEventSlim(false);
        relay.Hold = hold;
        relay.Entered.Reset();
        var busy = Task.Run(async () => await map.PutAsync(1, new byte[] { 1 }));
        try
        {
            Assert.True(relay.Entered.Wait(TimeSpan.FromSeconds(60)));

            using var cancel = new CancellationTokenSource();
            var waiting = map.PutAsync(2, new byte[] { 2 }, cancel.Token).AsTask();
            Assert.False(waiting.IsCompleted);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        }
        finally
        {
            // Released on every path: a held device worker would keep the map's disposal (and the test) waiting forever.
            relay.Hold = null;
            hold.Set();
        }

        Assert.True(await busy);
        Assert.True(await map.ContainsAsync(1));
        Assert.False(await map.ContainsAsync(2));
    }

    [Fact]
    public async Task Concurrent_callers_are_served_one_frame_at_a_time_and_all_complete()
    {
        var (map, _) = MapFixture.Create(capacity: 1024);
        await using var _map = map;
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (int i = 0; i < 50; i++)
            {
                await map.PutAsync((w * 1000) + i, BitConverter.GetBytes(i));
            }
        }));
        await Task.WhenAll(writers);

        for (int w = 0; w < 4; w++)
        {
            for (int i = 0; i < 50; i += 7)
            {
                Assert.Equal(BitConverter.GetBytes(i), await map.GetAsync((w * 1000) + i));
            }
        }
    }

    [Fact]
    public async Task A_disposed_map_refuses_calls_and_disposes_the_device_it_owns()
    {
        var (map, relay) = MapFixture.Create();
        await map.PutAsync(1, new byte[] { 1 });
        await map.DisposeAsync();
        await map.DisposeAsync();

        Assert.True(relay.Disposed);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await map.GetAsync(1));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => map.ExecuteAsync([MapRequest.Get(1)]));
    }
}

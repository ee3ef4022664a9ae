using Bolt.Client;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Sim;
using Xunit;

namespace Bolt.Tests.Client;

/// <summary>The client API over the simulator: keys of every type, batches, async, typed errors.</summary>
public sealed class ObliviousMapTests
{
    private static readonly byte[] PrfKey = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();

    private static ObliviousMap NewMap(int capacity = 1024, int valueSize = 16, IEnumerable<KeyValuePair<byte[], byte[]>>? items = null) =>
        ObliviousMap.Create(new SimulatedDevice(new SimulatedDeviceOptions { Parameters = new BoltParameters(capacity: capacity, valueSize: valueSize) }), PrfKey, items);

    [Fact]
    public void Put_get_delete_round_trip_for_string_and_byte_keys()
    {
        using var map = NewMap(items: [new("loaded"u8.ToArray(), "v0"u8.ToArray())]);
        Assert.Equal("v0"u8.ToArray(), map.Get("loaded"));
        Assert.True(map.Put("alice", "v1"u8));
        Assert.False(map.Put("alice", "v2"u8));
        Assert.Equal("v2"u8.ToArray(), map.Get("alice"u8));
        Assert.Null(map.Get("bob"));
        Assert.True(map.Delete("alice"));
        Assert.False(map.Delete("alice"));
        Assert.Null(map.Get("alice"));
    }

    [Fact]
    public async Task Async_calls_and_batches_return_per_request_results()
    {
        await using var map = NewMap();
        Assert.True(await map.PutAsync("k"u8.ToArray(), new byte[] { 7 }));
        Assert.Equal(new byte[] { 7 }, await map.GetAsync("k"u8.ToArray()));
        var results = await map.ExecuteAsync([MapRequest.Get("k"u8.ToArray()), MapRequest.Delete("k"u8.ToArray()), MapRequest.Get("k"u8.ToArray())]);
        Assert.Equal([DeviceStatus.Ok, DeviceStatus.Ok, DeviceStatus.NotFound], results.Select(r => r.Status));
        Assert.Equal(new byte[] { 7 }, results[0].Value);
    }

    [Fact]
    public void An_over_long_value_is_a_typed_error_and_nothing_is_stored()
    {
        using var map = NewMap(valueSize: 4);
        var e = Assert.Throws<ValueTooLargeException>(() => map.Put("k", new byte[5]));
        Assert.Equal(5, e.Length);
        Assert.Equal(4, e.Maximum);
        Assert.Null(map.Get("k"));
    }

    [Fact]
    public void A_full_map_throws_capacity_exceeded_and_keeps_its_items()
    {
        using var map = NewMap(capacity: 16);
        for (int i = 0; i < 16; i++)
        {
            map.Put($"k{i}", [(byte)i]);
        }

        Assert.Throws<CapacityExceededException>(() => map.Put("one-too-many", [1]));
        for (int i = 0; i < 16; i++)
        {
            Assert.Equal(new[] { (byte)i }, map.Get($"k{i}"));
        }
    }

    [Fact]
    public void A_tampered_page_surfaces_as_an_integrity_exception()
    {
        using var map = NewMap(capacity: 64);
        map.Device.HostMemory.Fill(0xA5); // every page is now garbage to the device
        Assert.Throws<IntegrityViolationException>(() => map.Get("anything"));
    }
}

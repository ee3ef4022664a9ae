using System.Reflection;
using Bolt.Client;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Sim;
using Xunit;

namespace Bolt.Tests.Client;

/// <summary>Every failure a new user can cause is a <see cref="BoltException"/> from namespace Bolt.Core with a true message, caught as early as it can be.</summary>
public sealed class MapErrorTests
{
    [Fact]
    public void Every_public_Bolt_exception_derives_from_BoltException_in_namespace_Bolt_Core()
    {
        var assemblies = new[] { typeof(BoltException).Assembly, typeof(ObliviousMap).Assembly, typeof(SimulatedDevice).Assembly, typeof(Bolt.OpenCl.OpenClDevice).Assembly, typeof(Bolt.BoltMap).Assembly };
        var exceptions = assemblies.SelectMany(a => a.GetExportedTypes()).Where(t => typeof(Exception).IsAssignableFrom(t)).ToList();
        Assert.Contains(typeof(CapacityExceededException), exceptions);
        Assert.All(exceptions, t =>
        {
            Assert.True(typeof(BoltException).IsAssignableFrom(t), $"{t} is not a BoltException");
            Assert.Equal("Bolt.Core", t.Namespace);
        });
    }

    [Fact]
    public async Task Create_on_a_device_that_already_holds_a_map_is_a_DeviceStateException()
    {
        var relay = MapFixture.Relay(64, 8, 1, out var provisioningKey);
        await using var first = ObliviousMap.Create(relay, provisioningKey, MapFixture.PrfKey, ownsDevice: false);
        var e = Assert.Throws<DeviceStateException>(() => ObliviousMap.Create(relay, provisioningKey, MapFixture.PrfKey, ownsDevice: false));
        Assert.Contains("already holds a map", e.Message, StringComparison.Ordinal);
        Assert.False(await first.ContainsAsync(1));
    }

    [Fact]
    public async Task Connect_to_a_device_with_no_map_fails_at_connect_not_at_the_first_op()
    {
        var relay = MapFixture.Relay(64, 8, 1, out var provisioningKey);
        var e = Assert.Throws<DeviceStateException>(() => ObliviousMap.Connect(relay, provisioningKey, MapFixture.PrfKey, ownsDevice: true));
        Assert.Contains("holds no map", e.Message, StringComparison.Ordinal);
        Assert.True(relay.Disposed);

        relay = MapFixture.Relay(64, 8, 1, out provisioningKey);
        await Assert.ThrowsAsync<DeviceStateException>(() => ObliviousMap.ConnectAsync(relay, provisioningKey, MapFixture.PrfKey, ownsDevice: true));
    }

    [Fact]
    public void Null_parameters_are_a_configuration_error_naming_them()
    {
        var e = Assert.Throws<BoltConfigurationException>(() => new SimulatedDevice(new SimulatedDeviceOptions { Parameters = null! }));
        Assert.Equal("Parameters", e.Parameter);
        e = Assert.Throws<BoltConfigurationException>(() => new SimulatedDevice(new SimulatedDeviceOptions { Seed = new byte[3] }));
        Assert.Equal("Seed", e.Parameter);
        e = Assert.Throws<BoltConfigurationException>(() => Bolt.BoltMap.Create(new Bolt.BoltMapOptions { Parameters = null! }));
        Assert.Equal("Parameters", e.Parameter);
    }

    [Fact]
    public async Task A_default_request_or_an_unknown_op_is_refused_before_anything_is_sent()
    {
        var (map, relay) = MapFixture.Create();
        await using var _map = map;
        int calls = relay.SealedCalls;
        await Assert.ThrowsAsync<InvalidRequestException>(() => map.ExecuteAsync([default(MapRequest)]));
        await Assert.ThrowsAsync<InvalidRequestException>(() => map.ExecuteAsync([MapRequest.Get(1), new MapRequest((OpCode)9, 2)]));
        Assert.Equal(calls, relay.SealedCalls);
    }

    [Fact]
    public async Task An_integrity_failure_says_once_what_happened_and_names_no_fake_page()
    {
        var items = Enumerable.Range(0, 40).Select(k => MapFixture.Item(k, [(byte)k])).ToList();
        var (map, relay) = MapFixture.Create(items);
        await using var _map = map;
        relay.HostMemory.Fill(0x5A);
        var e = await Assert.ThrowsAsync<IntegrityViolationException>(async () => await map.GetAsync(3));
        Assert.Null(e.Page);
        Assert.DoesNotContain("-1", e.Message, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(e.Message, "changed nothing"));
    }

    [Fact]
    public async Task A_ninth_connect_evicts_the_oldest_client_with_its_own_exception_and_a_true_message()
    {
        var relay = MapFixture.Relay(256, 8, 1, out var provisioningKey, sessionSlots: 8);
        await using var oldest = ObliviousMap.Create(relay, provisioningKey, MapFixture.PrfKey, ownsDevice: false);
        Assert.True(await oldest.PutAsync(1, new byte[] { 1 }));
        var others = new List<ObliviousMap>();
        for (int i = 0; i < relay.Parameters.SessionSlots; i++)
        {
            others.Add(ObliviousMap.Connect(relay, provisioningKey, MapFixture.PrfKey));
        }

        var e = await Assert.ThrowsAsync<SessionEvictedException>(async () => await oldest.PutAsync(2, new byte[] { 2 }));
        Assert.Equal(ChannelFault.UnknownSession, e.Fault);
        Assert.Contains($"at most {relay.Parameters.SessionSlots}", e.Message, StringComparison.Ordinal);
        Assert.Contains("ran whole or not at all", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing was executed", e.Message, StringComparison.Ordinal);
        Assert.False(oldest.CountIsExact);

        // The evicted client reconnects by itself on its next call; the map is intact.
        Assert.Equal(new byte[] { 1 }, await oldest.GetAsync(1));
        foreach (var other in others)
        {
            await other.DisposeAsync();
        }
    }
}

using Bolt.Client;
using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Sim;

namespace Bolt.Tests.Client;

/// <summary>An <see cref="ObliviousMap"/> on a small simulated device behind a <see cref="HostileRelay"/>.</summary>
internal static class MapFixture
{
    public static readonly byte[] PrfKey = "client-prf-key!!"u8.ToArray();

    public static (ObliviousMap Map, HostileRelay Relay) Create(
        IReadOnlyCollection<KeyValuePair<MapKey, ReadOnlyMemory<byte>>>? items = null, int capacity = 256, int valueSize = 32, long seed = 3)
    {
        var relay = Relay(capacity, valueSize, seed, out var provisioningKey);
        return (ObliviousMap.Create(relay, provisioningKey, PrfKey, items), relay);
    }

    public static HostileRelay Relay(int capacity, int valueSize, long seed, out byte[] provisioningKey, int sessionSlots = BoltParameters.DefaultSessionSlots)
    {
        var deviceKey = SimulatedDeviceOptions.InsecureFixedKey(seed);
        provisioningKey = ChannelKdf.ProvisioningKey(deviceKey);
        var parameters = new BoltParameters(capacity: capacity, valueSize: valueSize, sessionSlots: sessionSlots);
        return new HostileRelay(new SimulatedDevice(new SimulatedDeviceOptions { Parameters = parameters, Seed = deviceKey }));
    }

    public static KeyValuePair<MapKey, ReadOnlyMemory<byte>> Item(MapKey key, byte[] value) => new(key, value);

    /// <summary>Reads every reference key back and checks value and presence; also checks a few absent keys.</summary>
    public static async Task AssertMatchesAsync(ObliviousMap map, IReadOnlyDictionary<long, byte[]> reference, params long[] absent)
    {
        var keys = reference.Keys.Concat(absent).ToList();
        var results = await map.ExecuteAsync(keys.Select(k => MapRequest.Get(k)).ToList());
        for (int i = 0; i < keys.Count; i++)
        {
            if (reference.TryGetValue(keys[i], out var expected))
            {
                Xunit.Assert.True(results[i].Succeeded, $"key {keys[i]} is missing");
                Xunit.Assert.Equal(expected, results[i].Value);
            }
            else
            {
                Xunit.Assert.False(results[i].WasPresent, $"key {keys[i]} should be absent");
            }
        }
    }
}

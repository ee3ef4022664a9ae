using Bolt.Client;
using Bolt.Cluster.Client;
using Xunit;

namespace Bolt.Tests.Cluster;

/// <summary>
/// Creating a sharded map loads every shard before the balancer runs its first epoch: an epoch sent during a load
/// would share the shard's channel session with the load (one seals frame n, the other n + 1, and the device rejects
/// whichever arrives out of order) and would reach a device that holds no map yet.
/// </summary>
public sealed class ShardLoadOrderTests
{
    [Fact]
    public async Task No_epoch_reaches_a_shard_before_its_load_completed()
    {
        var devices = Enumerable.Range(0, 2).Select(s => new SlowLoadDevice(ShardTestDevices.Create(s), TimeSpan.FromMilliseconds(150))).ToArray();
        var items = Enumerable.Range(0, 40).ToDictionary(i => $"k{i}", i => new byte[] { (byte)i });
        using var map = ShardedObliviousMap.CreateOver(devices, ShardTestDevices.ProvisioningKeys(2), new byte[16],
            [.. items.Select(kv => new KeyValuePair<MapKey, ReadOnlyMemory<byte>>(kv.Key, kv.Value))],
            new ShardedMapOptions { EpochLength = TimeSpan.FromMilliseconds(1) }, ownsDevices: true);

        Assert.Equal(new byte[] { 7 }, await map.GetAsync("k7"));
        Assert.All(devices, d => Assert.True(d.Violations.Count == 0, string.Join("; ", d.Violations)));
    }
}

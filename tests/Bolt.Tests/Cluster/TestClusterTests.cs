using Bolt.Client;
using Bolt.Cluster;
using Bolt.Cli.Cluster;
using Bolt.Cluster.Client;
using Bolt.Core;
using Bolt.Core.Abi;
using Xunit;

namespace Bolt.Tests.Cluster;

/// <summary>ShardedObliviousMap on an Orleans test-host cluster of several silos, against a dictionary.</summary>
public sealed class TestClusterTests
{
    /// <summary>Ops per CI run (10^5 with BOLT_CLUSTER_OPS=100000).</summary>
    private static int Ops => int.TryParse(Environment.GetEnvironmentVariable("BOLT_CLUSTER_OPS"), out int n) ? n : 20_000;

    [Fact]
    public async Task Shard_grains_live_on_the_silo_that_owns_their_device()
    {
        await using var cluster = await TestClusters.StartAsync(silos: 2, shards: 4, ShardTestDevices.Create);
        for (int shard = 0; shard < 4; shard++)
        {
            var description = await cluster.Client.GetGrain<IShardGrain>(shard).Describe();
            string expected = cluster.Silos[shard % 2].Name;
            Assert.Equal(expected, description.Silo);
            Assert.Equal(ShardTestDevices.Parameters, description.ToParameters());
        }
    }

    [Fact]
    public async Task Mixed_ops_over_four_shards_match_a_dictionary()
    {
        await using var cluster = await TestClusters.StartAsync(silos: 2, shards: 4, ShardTestDevices.Create);
        var initial = Enumerable.Range(0, 1000).ToDictionary(i => $"k{i}", i => BitConverter.GetBytes(i));
        await using var map = await ShardedObliviousMap.CreateAsync(cluster.Client, ShardTestDevices.ProvisioningKeys(4), new byte[16],
            initial.Select(kv => new KeyValuePair<MapKey, ReadOnlyMemory<byte>>(kv.Key, kv.Value)).ToList(),
            new ShardedMapOptions { EpochLength = TimeSpan.FromMilliseconds(5) });
        Assert.Equal(1000, map.Count);
        var outcome = await ClusterWorkload.RunAsync(map, initial, workers: 16, ops: Ops, batch: 64, seed: 7);
        Assert.Equal(0, outcome.Mismatches);
        Assert.Equal(Ops, outcome.Answered);
        Assert.True(map.CountIsExact);
        Assert.Equal(outcome.ExpectedCount, map.Count);
        var stats = map.Statistics;
        Assert.True(stats.RealAccesses <= stats.Requests);
        Assert.True(stats.Frames >= stats.Epochs * 4);
    }

    [Fact]
    public async Task A_hot_key_costs_one_access_per_epoch()
    {
        await using var cluster = await TestClusters.StartAsync(silos: 2, shards: 2, ShardTestDevices.Create);
        await using var map = await ShardedObliviousMap.CreateAsync(cluster.Client, ShardTestDevices.ProvisioningKeys(2), new byte[16],
            [new("hot", new byte[] { 1 })], new ShardedMapOptions { EpochLength = Timeout.InfiniteTimeSpan });
        var reads = Enumerable.Range(0, 100).Select(_ => map.GetAsync("hot").AsTask()).ToArray();
        await map.RunEpochAsync();
        foreach (var read in reads)
        {
            Assert.Equal(new byte[] { 1 }, await read);
        }

        Assert.Equal(1, map.Statistics.RealAccesses);
        Assert.Equal(SnoopyBound.BatchSize(100, 2, 128) * 2, map.Statistics.PaddedRecords);
    }

    [Fact]
    public async Task Writes_and_reads_of_one_key_in_one_epoch_take_effect_in_order()
    {
        await using var cluster = await TestClusters.StartAsync(silos: 2, shards: 2, ShardTestDevices.Create);
        await using var map = await ShardedObliviousMap.CreateAsync(cluster.Client, ShardTestDevices.ProvisioningKeys(2), new byte[16],
            [new("k", new byte[] { 1 })], new ShardedMapOptions { EpochLength = Timeout.InfiniteTimeSpan });
        var get = map.GetAsync("k").AsTask();
        var put = map.PutAsync("k", new byte[] { 2 }).AsTask();
        var delete = map.DeleteAsync("k").AsTask();
        var put2 = map.PutAsync("k", new byte[] { 3 }).AsTask();
        await map.RunEpochAsync();
        Assert.False(await put);        // replaced the loaded value
        Assert.True(await delete);      // removed the put's value
        Assert.True(await put2);        // inserted again
        Assert.Equal(new byte[] { 3 }, await get); // reads see the epoch's last write
        Assert.Equal(1, map.Statistics.RealAccesses);

        // A batch keeps its own order: it is split before the repeated key, one epoch per part.
        var batch = map.ExecuteAsync([MapRequest.Get("k"), MapRequest.Put("k", new byte[] { 4 }), MapRequest.Get("k")]);
        while (!batch.IsCompleted)
        {
            await map.RunEpochAsync();
        }

        var results = await batch;
        Assert.Equal(new byte[] { 3 }, results[0].Value);
        Assert.True(results[1].WasPresent);
        Assert.Equal(new byte[] { 4 }, results[2].Value);
    }
}

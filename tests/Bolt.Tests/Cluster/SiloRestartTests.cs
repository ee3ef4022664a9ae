using Bolt.Client;
using Bolt.Cluster.Client;
using Bolt.Core;
using Bolt.Core.Channel;
using Orleans.TestingHost;
using Xunit;

namespace Bolt.Tests.Cluster;

/// <summary>
/// A silo stopped and restarted in the middle of a run, on an Orleans test-host cluster: the stopped silo's shards fail
/// their callers with typed errors while the other shards keep answering; once it is back, a device that kept its state
/// (one behind a daemon, or a durable one: the silo does not own its life) has lost no acknowledged write, and a device
/// that lost it says so, typed.
/// </summary>
public sealed class SiloRestartTests
{
    private const int Keys = 200;

    [Fact]
    public async Task A_stopped_silo_fails_only_its_shards_and_after_restart_no_acknowledged_write_is_lost()
    {
        var devices = Enumerable.Range(0, 4).Select(ShardTestDevices.Create).ToArray();
        try
        {
            await using var cluster = await TestClusters.StartAsync(silos: 2, shards: 4, s => devices[s], disposeDevices: false);
            await using var map = await ShardedObliviousMap.CreateAsync(cluster.Client, ShardTestDevices.ProvisioningKeys(4), new byte[16], new Dictionary<string, byte[]>(),
                new ShardedMapOptions { EpochLength = TimeSpan.FromMilliseconds(5) });
            var writes = new AcknowledgedWrites(Keys);
            Assert.Empty(await writes.RoundAsync(map, 1));

            await cluster.StopSiloAsync(cluster.Silos[1]);
            var errors = await writes.RoundAsync(map, 2);
            Assert.NotEmpty(errors);
            Assert.All(errors, e => Assert.True(e is DeviceConnectionException or ChannelViolationException, e.ToString()));
            Assert.True(errors.Count < Keys, "the shards of the live silo kept answering");

            await cluster.StartAdditionalSiloAsync(); // the replacement silo owns the same shards
            var values = await ReadAllAsync(map);
            for (int k = 0; k < Keys; k++)
            {
                Assert.True(writes.Allows($"k{k}", values[k]), $"k{k} reads back a value never written or lost an acknowledged one");
            }

            Assert.Empty(await writes.RoundAsync(map, 3));
            values = await ReadAllAsync(map);
            Assert.All(Enumerable.Range(0, Keys), k => Assert.Equal(writes.Acknowledged[$"k{k}"], values[k]));
        }
        finally
        {
            foreach (var device in devices)
            {
                device.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_restarted_silo_whose_devices_lost_their_state_gives_typed_errors()
    {
        await using var cluster = await TestClusters.StartAsync(silos: 2, shards: 4, ShardTestDevices.Create);
        await using var map = await ShardedObliviousMap.CreateAsync(cluster.Client, ShardTestDevices.ProvisioningKeys(4), new byte[16], new Dictionary<string, byte[]>(),
            new ShardedMapOptions { EpochLength = TimeSpan.FromMilliseconds(5) });
        var writes = new AcknowledgedWrites(Keys);
        Assert.Empty(await writes.RoundAsync(map, 1));
        await cluster.StopSiloAsync(cluster.Silos[1]);
        await cluster.StartAdditionalSiloAsync(); // the replacement silo owns the same shards

        // The restarted silo built fresh, empty devices: their shards' callers learn it as typed errors, never as wrong data.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        List<Exception> errors;
        do
        {
            errors = await writes.RoundAsync(map, 2);
        }
        while (errors.Any(e => e is DeviceConnectionException) && DateTime.UtcNow < deadline);

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.True(e is SessionEvictedException or DeviceStateException or ChannelViolationException, e.ToString()));
        // Each shard of the restarted silo reports that its device lost its state: as an uninitialised device, or, when
        // a frame was in doubt at the stop, as sessions (and commit numbers) gone backwards.
        Assert.Contains(errors, e => e is DeviceStateException || (e is ChannelViolationException v && v.Fault == ChannelFault.RolledBack));
    }

    private static async Task<byte[]?[]> ReadAllAsync(ShardedObliviousMap map)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return await Task.WhenAll(Enumerable.Range(0, Keys).Select(k => map.GetAsync($"k{k}").AsTask()));
            }
            catch (BoltException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100); // the restarted silo is still joining: its shards are not placed yet
            }
        }
    }
}

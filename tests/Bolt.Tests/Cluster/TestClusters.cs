using Bolt.Cluster;
using Bolt.Core.Device;
using Orleans.TestingHost;

namespace Bolt.Tests.Cluster;

/// <summary>
/// Orleans test-host clusters of several silos (real silos with real loopback networking, in this process), each silo
/// owning some shard devices: silo i (in start order) owns the shards s with s mod silos == i.
/// </summary>
internal static class TestClusters
{
    /// <summary>Starts <paramref name="silos"/> silos sharing <paramref name="shards"/> shards; devices come from <paramref name="device"/>.</summary>
    /// <remarks>A silo started later (a replacement) takes over the shards of the last initial silo.</remarks>
    public static async Task<InProcessTestCluster> StartAsync(int silos, int shards, Func<int, IBoltDevice> device, bool disposeDevices = true)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((options, silo) =>
        {
            int index = Math.Min(SiloIndex(options.SiloName), silos - 1);
            silo.AddBoltShards(new BoltShardOptions
            {
                Shards = [.. Enumerable.Range(0, shards).Where(s => s % silos == index)],
                CreateDevice = device,
                DisposeDevices = disposeDevices,
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>The test host names silos "Silo_0", "Silo_1", ... in start order; a restarted silo keeps its name.</summary>
    public static int SiloIndex(string name) => int.Parse(name[(name.LastIndexOf('_') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}

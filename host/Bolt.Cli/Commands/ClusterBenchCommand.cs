using System.CommandLine;
using System.Diagnostics;
using Bolt.Cli.Cluster;
using Bolt.Client;
using Bolt.Cluster.Client;
using Bolt.Core;
using Bolt.Sim;
using Bolt.Sim.Timing.Platforms;

namespace Bolt.Cli.Commands;

/// <summary>
/// `bolt cluster bench`: the scale-out figures on this machine. For each shard count, a one-machine cluster (one silo per
/// shard, this process, real loopback TCP) runs the checked mixed workload: wall throughput, batch latency, padding, and
/// the modeled per-device time (the simulator's cycles on the U55C preset, devices running in parallel). Then the padding
/// overhead B/(R/S) against the epoch's request count, and the latency a single caller sees against the epoch length,
/// next to an unsharded map on one in-process device.
/// </summary>
internal static class ClusterBenchCommand
{
    private static readonly int[] EpochSizes = [64, 256, 1024, 4096, 16384, 65536, 262144];
    private static readonly double[] EpochLengthsMs = [1, 5, 10, 20];

    public static Command Create()
    {
        var shardCounts = new Option<string>("--shards") { Description = "Shard counts to measure, comma-separated", DefaultValueFactory = _ => "1,2,4" };
        var ops = new Option<int>("--ops") { Description = "Requests per shard count", DefaultValueFactory = _ => 50_000 };
        var workers = new Option<int>("--workers") { Description = "Concurrent callers", DefaultValueFactory = _ => 16 };
        var batch = new Option<int>("--batch") { Description = "Requests per ExecuteAsync call", DefaultValueFactory = _ => 64 };
        var epoch = new Option<double>("--epoch-ms") { Description = "Epoch length of the throughput runs (ms)", DefaultValueFactory = _ => 10 };
        var lambda = new Option<int>("--lambda") { Description = "Security parameter λ", DefaultValueFactory = _ => 128 };
        var capacity = new Option<int>("--capacity") { Description = "Capacity of each shard", DefaultValueFactory = _ => 1 << 16 };
        var latencyCalls = new Option<int>("--latency-calls") { Description = "Sequential single gets per epoch length in the latency table (0 skips it)", DefaultValueFactory = _ => 200 };
        var command = new Command("bench", "Scale-out figures: throughput with 1, 2, 4 shards, padding overhead, latency added by epochs")
        {
            shardCounts, ops, workers, batch, epoch, lambda, capacity, latencyCalls,
        };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var parameters = new BoltParameters(capacity: result.GetValue(capacity), valueSize: 8);
            var counts = ClusterCommand.ParseList(result.GetValue(shardCounts), "--shards");
            int lambdaValue = result.GetValue(lambda);
            Console.WriteLine($"# throughput: {result.GetValue(ops)} checked mixed ops, {result.GetValue(workers)} callers, batches of {result.GetValue(batch)}, "
                + $"epoch {result.GetValue(epoch)} ms, λ = {lambdaValue}, N = {parameters.Capacity} per shard, V = 8");
            Console.WriteLine("shards | wall ops/s | batch p50 ms | batch p99 ms | epochs | real accesses | records sent | B/(R/S) | modeled device s (max) | modeled ops/s | mismatches");
            bool ok = true;
            foreach (int shards in counts)
            {
                ok &= MeasureAsync(shards, parameters, result.GetValue(ops), result.GetValue(workers), result.GetValue(batch),
                    TimeSpan.FromMilliseconds(result.GetValue(epoch)), lambdaValue).GetAwaiter().GetResult();
            }

            Console.WriteLine();
            Console.WriteLine($"# padding overhead B/(R/S) at λ = {lambdaValue} (records sent per real request; Snoopy bound)");
            int[] shardColumns = [2, 4, 8, 16];
            Console.WriteLine("R per epoch | " + string.Join(" | ", shardColumns.Select(s => $"S = {s}")));
            foreach (int r in EpochSizes)
            {
                Console.WriteLine($"{r} | " + string.Join(" | ", shardColumns.Select(s => $"{SnoopyBound.Overhead(r, s, lambdaValue):0.00}")));
            }

            if (result.GetValue(latencyCalls) > 0)
            {
                Console.WriteLine();
                Console.WriteLine($"# latency of one caller's get (sequential, {result.GetValue(latencyCalls)} calls), 2 shards on loopback, against one in-process unsharded map");
                Console.WriteLine("epoch ms | p50 ms | p99 ms | mean ms");
                ok &= LatencyAsync(parameters, result.GetValue(latencyCalls), lambdaValue).GetAwaiter().GetResult();
            }

            return ok ? ExitCodes.Ok : ExitCodes.CheckFailed;
        }));
        return command;
    }

    private static async Task<bool> MeasureAsync(int shards, BoltParameters parameters, int ops, int workers, int batch, TimeSpan epoch, int lambda)
    {
        await using var cluster = await LocalCluster.StartAsync(shards, parameters, seed: 7).ConfigureAwait(false);
        var keys = ShardKeys.ProvisioningKeys(shards, 7, "");
        var initial = Enumerable.Range(0, 1000).ToDictionary(i => $"loaded{i}", i => BitConverter.GetBytes(i));
        await using var map = await ShardedObliviousMap.CreateAsync(cluster.Connection.Client, keys, new byte[16],
            [.. initial.Select(kv => new KeyValuePair<MapKey, ReadOnlyMemory<byte>>(kv.Key, kv.Value))],
            new ShardedMapOptions { EpochLength = epoch, SecurityParameter = lambda }).ConfigureAwait(false);
        var cyclesBefore = cluster.Devices.Select(d => d.Cycle).ToArray();
        var before = map.Statistics;
        var outcome = await ClusterWorkload.RunAsync(map, initial, workers, ops, batch, seed: 1).ConfigureAwait(false);
        var stats = map.Statistics;
        double deviceSeconds = cluster.Devices.Select((d, s) => AlveoU55C.Preset.CyclesToSeconds(d.Cycle - cyclesBefore[s])).Max();
        long requests = stats.Requests - before.Requests;
        long records = stats.PaddedRecords - before.PaddedRecords;
        var latencies = outcome.BatchLatencies.Order().ToArray();
        Console.WriteLine($"{shards} | {outcome.Answered / outcome.Elapsed.TotalSeconds:0} | {Percentile(latencies, 0.5) / 1000:0.0} | {Percentile(latencies, 0.99) / 1000:0.0} | "
            + $"{stats.Epochs - before.Epochs} | {stats.RealAccesses - before.RealAccesses} | {records} | {(double)records / requests:0.00} | "
            + $"{deviceSeconds:0.000} | {outcome.Answered / deviceSeconds:0} | {outcome.Mismatches}");
        return outcome.Mismatches == 0;
    }

    private static async Task<bool> LatencyAsync(BoltParameters parameters, int calls, int lambda)
    {
        foreach (double epochMs in EpochLengthsMs)
        {
            await using var cluster = await LocalCluster.StartAsync(2, parameters, seed: 7).ConfigureAwait(false);
            await using var map = await ShardedObliviousMap.CreateAsync(cluster.Connection.Client, ShardKeys.ProvisioningKeys(2, 7, ""), new byte[16],
                [new("k", new byte[] { 1 })], new ShardedMapOptions { EpochLength = TimeSpan.FromMilliseconds(epochMs), SecurityParameter = lambda }).ConfigureAwait(false);
            var times = new double[calls];
            for (int i = 0; i < calls; i++)
            {
                long start = Stopwatch.GetTimestamp();
                await map.GetAsync("k").ConfigureAwait(false);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            Array.Sort(times);
            Console.WriteLine($"{epochMs} | {Percentile(times, 0.5):0.00} | {Percentile(times, 0.99):0.00} | {times.Average():0.00}");
        }

        var key = ShardKeys.DeviceKey(7, 0);
        await using var local = ObliviousMap.Create(new SimulatedDevice(new SimulatedDeviceOptions { Parameters = parameters, Seed = key }),
            Bolt.Core.Channel.ChannelKdf.ProvisioningKey(key), new byte[16], new Dictionary<string, byte[]> { ["k"] = [1] });
        var direct = new double[calls];
        for (int i = 0; i < calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await local.GetAsync("k").ConfigureAwait(false);
            direct[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(direct);
        Console.WriteLine($"unsharded, in-process | {Percentile(direct, 0.5):0.00} | {Percentile(direct, 0.99):0.00} | {direct.Average():0.00}");
        return true;
    }

    private static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
}

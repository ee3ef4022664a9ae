using System.CommandLine;
using System.Text.Json;
using Bolt.Cli.Cluster;
using Bolt.Cluster.Client;

namespace Bolt.Cli.Commands;

/// <summary>`bolt cluster ycsb`: a checked mixed workload through a running cluster's gateways (a client in its own process).</summary>
internal static class ClusterYcsbCommand
{
    public static Command Create()
    {
        var gateways = new Option<string>("--gateways") { Description = "Gateway ports on loopback, comma-separated", DefaultValueFactory = _ => "30000" };
        var shards = new Option<int>("--shards") { Description = "Shards in the cluster (grains 0..S-1)", DefaultValueFactory = _ => 1 };
        var seed = new Option<long?>("--seed") { Description = "The silos' --seed (rebuilds the provisioning keys); default: read them from --key-dir" };
        var keyDir = new Option<string>("--key-dir") { Description = "Where the silos wrote shard-K.key", DefaultValueFactory = _ => ShardKeys.DefaultDirectory };
        var ops = new Option<int>("--ops") { Description = "Requests in all", DefaultValueFactory = _ => 100_000 };
        var workers = new Option<int>("--workers") { Description = "Concurrent callers", DefaultValueFactory = _ => 16 };
        var batch = new Option<int>("--batch") { Description = "Requests per ExecuteAsync call", DefaultValueFactory = _ => 64 };
        var load = new Option<int>("--load") { Description = "Keys bulk-loaded when the map is created", DefaultValueFactory = _ => 1000 };
        var epoch = new Option<double>("--epoch-ms") { Description = "Epoch length (ms)", DefaultValueFactory = _ => 10 };
        var lambda = new Option<int>("--lambda") { Description = "Security parameter λ of the batch bound", DefaultValueFactory = _ => 128 };
        var clusterId = new Option<string>("--cluster-id") { Description = "Cluster id", DefaultValueFactory = _ => "bolt" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var command = new Command("ycsb", "Create a sharded map on a running cluster and drive it with checked mixed ops through its gateways")
        {
            gateways, shards, seed, keyDir, ops, workers, batch, load, epoch, lambda, clusterId, json,
        };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var ports = ClusterCommand.ParseList(result.GetValue(gateways), "--gateways");
            var keys = ShardKeys.ProvisioningKeys(result.GetValue(shards), result.GetValue(seed), result.GetValue(keyDir)!);
            var initial = Enumerable.Range(0, result.GetValue(load)).ToDictionary(i => $"loaded{i}", i => BitConverter.GetBytes(i));
            var options = new ShardedMapOptions { EpochLength = TimeSpan.FromMilliseconds(result.GetValue(epoch)), SecurityParameter = result.GetValue(lambda) };
            return Run().GetAwaiter().GetResult();

            async Task<int> Run()
            {
                await using var connection = await ClusterConnection.ConnectLocalAsync(ports, result.GetValue(clusterId)!).ConfigureAwait(false);
                var prfKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
                await using var map = await ShardedObliviousMap.CreateAsync(connection.Client, keys, prfKey,
                    [.. initial.Select(kv => new KeyValuePair<Bolt.Client.MapKey, ReadOnlyMemory<byte>>(kv.Key, kv.Value))], options).ConfigureAwait(false);
                var outcome = await ClusterWorkload.RunAsync(map, initial, result.GetValue(workers), result.GetValue(ops), result.GetValue(batch), seed: 1).ConfigureAwait(false);
                var stats = map.Statistics;
                double opsPerSecond = outcome.Answered / outcome.Elapsed.TotalSeconds;
                if (result.GetValue(json))
                {
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        shards = map.Shards,
                        answered = outcome.Answered,
                        mismatches = outcome.Mismatches,
                        seconds = outcome.Elapsed.TotalSeconds,
                        opsPerSecond,
                        epochs = stats.Epochs,
                        realAccesses = stats.RealAccesses,
                        paddedRecords = stats.PaddedRecords,
                        carried = stats.CarriedGroups,
                        count = map.Count,
                        expectedCount = outcome.ExpectedCount,
                    }));
                }
                else
                {
                    Console.WriteLine($"{outcome.Answered} ops over {map.Shards} shards in {outcome.Elapsed.TotalSeconds:0.00} s ({opsPerSecond:0} ops/s), "
                        + $"{outcome.Mismatches} mismatches; {stats.Epochs} epochs, {stats.RealAccesses} real accesses in {stats.PaddedRecords} records, "
                        + $"{stats.CarriedGroups} carried; count {map.Count} (expected {outcome.ExpectedCount})");
                }

                return outcome.Mismatches == 0 && map.Count == outcome.ExpectedCount ? ExitCodes.Ok : ExitCodes.CheckFailed;
            }
        }));
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using Bolt.Cli.Cluster;
using Bolt.Cli.Serving;
using Bolt.Cluster;
using Bolt.Core;
using Bolt.Core.Device;
using Bolt.Remote;
using Bolt.Sim;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bolt.Cli.Commands;

/// <summary>
/// `bolt cluster`: start one silo of a Bolt cluster (Orleans, loopback) with the shard devices it owns; its subcommands
/// drive a cluster (`ycsb`), measure one (`bench`) and run the cluster leakage pair (`leakage`).
/// </summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var map = new WorkloadOptions();
        var siloPort = new Option<int>("--silo-port") { Description = "Silo-to-silo port on loopback", DefaultValueFactory = _ => 11111 };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "Gateway port clients connect to", DefaultValueFactory = _ => 30000 };
        var primary = new Option<int?>("--primary-port") { Description = "The primary silo's silo port (omit on the primary itself)" };
        var shards = new Option<string>("--shards") { Description = "Shard numbers whose devices this silo owns, e.g. 0,2 ('' for none)", DefaultValueFactory = _ => "0" };
        var remote = new Option<string?>("--remote") { Description = "Relay to `bolt serve` daemons instead of in-process simulators: one address per owned shard, comma-separated (their devices keep their state across silo restarts; with `bolt serve --data` across daemon restarts too)" };
        var seed = new Option<long?>("--seed") { Description = "Insecure fixed device keys from this number (tests and demos); default: fresh random keys" };
        var keyDir = new Option<string>("--key-dir") { Description = "Where each shard's provisioning key is written (shard-K.key, owner-only)", DefaultValueFactory = _ => ShardKeys.DefaultDirectory };
        var clusterId = new Option<string>("--cluster-id") { Description = "Cluster id shared by the silos and clients", DefaultValueFactory = _ => BoltSiloOptions.DefaultClusterId };
        var data = new Option<string?>("--data") { Description = "Durable shards: shard K keeps checkpoints and a write-ahead log in DIR/shard-K, recovers from there on start, and acknowledges a frame only once it is on disk (kill -9 loses no acknowledged write; docs/cluster.md)" };
        var checkpointEvery = new Option<long>("--checkpoint-every") { Description = "With --data: a checkpoint every this many log records per shard (0: only at shutdown)", DefaultValueFactory = _ => 100_000 };
        var verbose = new Option<bool>("--verbose") { Description = "Orleans' informational logging" };
        var command = new Command("cluster", "Start a silo of a Bolt cluster on Orleans with the shard devices it owns (subcommands: ycsb, bench, leakage)")
        {
            siloPort, gatewayPort, primary, shards, remote, seed, keyDir, clusterId, data, checkpointEvery, verbose,
            ClusterYcsbCommand.Create(), ClusterBenchCommand.Create(), ClusterLeakageCommand.Create(),
        };
        map.AddTo(command, workload: false);
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var parameters = map.Parameters(result);
            var owned = ParseList(result.GetValue(shards), "--shards");
            var remotes = result.GetValue(remote)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (remotes is not null && remotes.Length != owned.Length)
            {
                throw new BoltConfigurationException("--remote", $"--remote names {remotes.Length} daemons for {owned.Length} shards; give one per owned shard.");
            }

            long? fixedSeed = result.GetValue(seed);
            string keys = result.GetValue(keyDir)!;
            string? dataDirectory = result.GetValue(data);
            if (dataDirectory is not null && remotes is not null)
            {
                throw new BoltConfigurationException("--data", "--data makes this silo's own devices durable; with --remote the daemons keep the state (start them with `bolt serve --data`).");
            }

            // A durable simulated device keeps its root key next to its state (a board keeps it fused), unless --seed fixes it.
            byte[] DurableKey(int shard) => fixedSeed is not null ? ShardKeys.DeviceKey(fixedSeed, shard)
                : SimulatedDeviceKeyFile.LoadOrCreate(Path.Combine(Bolt.Cluster.ShardDevices.DirectoryOf(dataDirectory!, shard), "device.key"));
            Func<int, IBoltDevice> create = shard =>
            {
                if (remotes is not null)
                {
                    return RemoteDevice.Connect(remotes[Array.IndexOf(owned, shard)]);
                }

                var key = ShardKeys.DeviceKey(fixedSeed, shard);
                ShardKeys.Publish(keys, shard, key);
                return new SimulatedDevice(new SimulatedDeviceOptions { Parameters = parameters, Seed = key });
            };
            var options = new BoltSiloOptions
            {
                SiloPort = result.GetValue(siloPort),
                GatewayPort = result.GetValue(gatewayPort),
                PrimarySiloPort = result.GetValue(primary),
                ClusterId = result.GetValue(clusterId)!,
                Shards = new BoltShardOptions
                {
                    Shards = owned,
                    CreateDevice = create,
                    DataDirectory = dataDirectory,
                    CheckpointEveryRecords = result.GetValue(checkpointEvery),
                    CreateDurableDevice = shard =>
                    {
                        var key = DurableKey(shard);
                        ShardKeys.Publish(keys, shard, key);
                        return new SimulatorDurableFactory(new SimulatedDeviceOptions { Parameters = parameters, Seed = key });
                    },
                },
            };
            using var host = BoltSiloHost.Build(options, result.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning);
            host.Start();

            // One line on stdout once the silo runs, so scripts and tests know when to connect.
            Console.WriteLine($"bolt cluster: silo on 127.0.0.1:{options.SiloPort}, gateway {options.GatewayPort}, shards [{string.Join(",", owned)}]"
                + (options.PrimarySiloPort is { } p ? $", primary {p}" : ", primary") + (dataDirectory is null ? "" : $", durable in {dataDirectory}"));
            var devices = host.Services.GetRequiredService<ShardDevices>();
            foreach (int shard in devices.Shards)
            {
                if (devices.TryGet(shard, out var device) && device.Recovery is { } recovery)
                {
                    Console.WriteLine($"bolt cluster: shard {shard}: {recovery}");
                }
            }

            Console.Out.Flush();
            host.WaitForShutdown();
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>A comma-separated list of non-negative integers ('' for none).</summary>
    public static int[] ParseList(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        try
        {
            return [.. text.Split(',', StringSplitOptions.TrimEntries).Select(part => int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture))];
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new BoltConfigurationException(option, $"{option} = {text} must be a comma-separated list of non-negative integers.");
        }
    }
}

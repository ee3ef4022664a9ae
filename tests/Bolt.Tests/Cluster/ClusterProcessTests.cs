using System.Diagnostics;
using Bolt.Cli.Cluster;
using Bolt.Cli.Serving;
using Bolt.Client;
using Bolt.Cluster.Client;
using Bolt.Core;
using Xunit;

namespace Bolt.Tests.Cluster;

/// <summary>
/// A real multi-process cluster on loopback: two `bolt cluster` silo processes (the primary owns shards 0 and 1 with
/// in-process simulators; the second relays shards 2 and 3 to two `bolt serve` daemon processes), and this process as the
/// client through both gateways. A checked mixed workload; then the second silo is stopped with SIGTERM mid-run (its
/// shards' callers get typed errors, the others are answered), started again, and every acknowledged write reads back.
/// </summary>
public sealed class ClusterProcessTests
{
    private const int Keys = 200;

    private static int Ops => int.TryParse(Environment.GetEnvironmentVariable("BOLT_CLUSTER_PROCESS_OPS"), out int n) ? n : 4000;

    [Fact]
    public async Task Two_silo_processes_serve_a_sharded_map_and_a_restarted_silo_loses_no_acknowledged_write()
    {
        var ports = ClusterProcesses.FreePorts(4);
        string dir = Path.Combine(Path.GetTempPath(), $"bolt-cluster-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var processes = new List<Process>();
        try
        {
            string[] daemons = [Path.Combine(dir, "d2.sock"), Path.Combine(dir, "d3.sock")];
            for (int i = 0; i < 2; i++)
            {
                processes.Add(ClusterProcesses.Start("bolt serve: listening", "serve", "--socket", daemons[i], "--tcp", "off", "--capacity", "16384", "--value-size", "16",
                    "--await-load", "--seed", $"{52 + i}", "--key-file", Path.Combine(dir, $"shard-{2 + i}.key")));
            }

            string[] common = ["--capacity", "16384", "--value-size", "16", "--seed", "5", "--key-dir", dir];
            processes.Add(ClusterProcesses.Start("bolt cluster: silo", ["cluster", "--silo-port", $"{ports[0]}", "--gateway-port", $"{ports[1]}", "--shards", "0,1", .. common]));
            string[] second = ["cluster", "--silo-port", $"{ports[2]}", "--gateway-port", $"{ports[3]}", "--primary-port", $"{ports[0]}", "--shards", "2,3",
                "--remote", $"unix:{daemons[0]},unix:{daemons[1]}", .. common];
            var silo2 = ClusterProcesses.Start("bolt cluster: silo", second);
            processes.Add(silo2);

            var keys = new ReadOnlyMemory<byte>[4];
            for (int s = 0; s < 4; s++)
            {
                keys[s] = ProvisioningKeyFile.Read(Path.Combine(dir, $"shard-{s}.key"));
            }

            await using var connection = await ClusterConnection.ConnectLocalAsync([ports[1], ports[3]]);
            var initial = Enumerable.Range(0, 500).ToDictionary(i => $"loaded{i}", i => BitConverter.GetBytes(i));
            await using var map = await ShardedObliviousMap.CreateAsync(connection.Client, keys, new byte[16],
                [.. initial.Select(kv => new KeyValuePair<MapKey, ReadOnlyMemory<byte>>(kv.Key, kv.Value))],
                new ShardedMapOptions { EpochLength = TimeSpan.FromMilliseconds(5) });
            var outcome = await ClusterWorkload.RunAsync(map, initial, workers: 8, ops: Ops, batch: 32, seed: 3);
            Assert.Equal(0, outcome.Mismatches);
            Assert.Equal(outcome.ExpectedCount, map.Count);

            var writes = new AcknowledgedWrites(Keys);
            Assert.Empty(await writes.RoundAsync(map, 1));

            ClusterProcesses.Signal(silo2, ClusterProcesses.SigTerm);
            Assert.True(silo2.WaitForExit(60_000), "the silo did not stop on SIGTERM");
            var errors = await writes.RoundAsync(map, 2);
            Assert.NotEmpty(errors);
            Assert.True(errors.Count < Keys, "the primary's shards kept answering");
            Assert.All(errors, e => Assert.True(e is DeviceConnectionException or ChannelViolationException, e.ToString()));

            processes.Add(ClusterProcesses.Start("bolt cluster: silo", second));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            byte[]?[] values;
            while (true)
            {
                try
                {
                    values = await Task.WhenAll(Enumerable.Range(0, Keys).Select(k => map.GetAsync($"k{k}").AsTask()));
                    break;
                }
                catch (BoltException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(200);
                }
            }

            for (int k = 0; k < Keys; k++)
            {
                Assert.True(writes.Allows($"k{k}", values[k]), $"k{k} lost its acknowledged write");
            }

            Assert.Empty(await writes.RoundAsync(map, 3));
        }
        finally
        {
            ClusterProcesses.StopAll(processes);

            Directory.Delete(dir, recursive: true);
        }
    }
}

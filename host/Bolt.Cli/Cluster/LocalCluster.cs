using System.Net;
using System.Net.Sockets;
using Bolt.Cluster;
using Bolt.Cluster.Client;
using Bolt.Core;
using Bolt.Sim;
using Microsoft.Extensions.Hosting;

namespace Bolt.Cli.Cluster;

/// <summary>
/// Several silos in this process, each on its own loopback ports and owning one simulated shard device, plus a client
/// connected through their gateways: a one-machine cluster for `bolt cluster bench`. The silos talk to each other and
/// to the client over real TCP on loopback; only the process is shared.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private readonly List<IHost> _silos;

    private LocalCluster(List<IHost> silos, SimulatedDevice[] devices, ClusterConnection connection, int[] gateways)
    {
        _silos = silos;
        Devices = devices;
        Connection = connection;
        Gateways = gateways;
    }

    public SimulatedDevice[] Devices { get; }

    public ClusterConnection Connection { get; }

    public int[] Gateways { get; }

    /// <summary>Starts one silo per shard (silo 0 the primary) and connects a client to every gateway.</summary>
    public static async Task<LocalCluster> StartAsync(int shards, BoltParameters parameters, long seed)
    {
        var devices = new SimulatedDevice[shards];
        var silos = new List<IHost>();
        var ports = FreePorts(2 * shards);
        for (int s = 0; s < shards; s++)
        {
            int shard = s;
            var options = new BoltSiloOptions
            {
                SiloPort = ports[2 * s],
                GatewayPort = ports[(2 * s) + 1],
                PrimarySiloPort = s == 0 ? null : ports[0],
                ClusterId = $"bolt-bench-{Environment.ProcessId}-{shards}",
                Shards = new BoltShardOptions
                {
                    Shards = [shard],
                    CreateDevice = _ => devices[shard] = new SimulatedDevice(new SimulatedDeviceOptions
                    {
                        Parameters = parameters,
                        Seed = ShardKeys.DeviceKey(seed, shard),
                    }),

                    // The bench reads the devices' modeled cycles after the run and disposes them itself.
                    DisposeDevices = false,
                },
            };
            var host = BoltSiloHost.Build(options, Microsoft.Extensions.Logging.LogLevel.Error);
            await host.StartAsync().ConfigureAwait(false);
            silos.Add(host);
        }

        int[] gateways = [.. Enumerable.Range(0, shards).Select(s => ports[(2 * s) + 1])];
        var connection = await ClusterConnection.ConnectLocalAsync(gateways, $"bolt-bench-{Environment.ProcessId}-{shards}").ConfigureAwait(false);
        return new LocalCluster(silos, devices, connection, gateways);
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync().ConfigureAwait(false);
        for (int i = _silos.Count - 1; i >= 0; i--)
        {
            await _silos[i].StopAsync().ConfigureAwait(false);
            _silos[i].Dispose();
        }

        foreach (var device in Devices)
        {
            device?.Dispose();
        }
    }

    /// <summary>Distinct free loopback ports (bound and released at once; a race with another process is possible but unlikely).</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        int[] ports = [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}

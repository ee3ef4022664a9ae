using System.Diagnostics;
using Bolt.Cli.Serving;
using Bolt.Cluster.Client;

namespace Bolt.Tests.Cluster;

/// <summary>
/// Two `bolt cluster` silo processes on loopback: the primary owns shards 0 and 1, the second shards 2 and 3 — durable
/// in its own data directory when asked — and this process connects as the client through both gateways. The second
/// silo can be killed (SIGKILL: no shutdown, no last checkpoint) and restarted on the same ports and directory.
/// </summary>
internal sealed class KillableCluster : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly string _directory;
    private readonly string[] _second;
    private Process _secondSilo;

    private KillableCluster(string directory, string[] second, Process secondSilo, ClusterConnection connection)
    {
        _directory = directory;
        _second = second;
        _secondSilo = secondSilo;
        Connection = connection;
    }

    public ClusterConnection Connection { get; }

    public ReadOnlyMemory<byte>[] ProvisioningKeys { get; } = new ReadOnlyMemory<byte>[4];

    /// <summary>The second silo's recovery lines from its last start (durable shards only).</summary>
    public List<string> RecoveryReports { get; } = [];

    public static async Task<KillableCluster> StartAsync(bool durable)
    {
        var ports = ClusterProcesses.FreePorts(4);
        string directory = Path.Combine(Path.GetTempPath(), $"bolt-cluster-kill-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        string[] common = ["--capacity", "16384", "--value-size", "16", "--seed", "7", "--key-dir", directory];
        string[] second = ["cluster", "--silo-port", $"{ports[2]}", "--gateway-port", $"{ports[3]}", "--primary-port", $"{ports[0]}", "--shards", "2,3", .. common,
            .. durable ? ["--data", Path.Combine(directory, "silo2")] : Array.Empty<string>()];
        var primary = ClusterProcesses.Start("bolt cluster: silo", ["cluster", "--silo-port", $"{ports[0]}", "--gateway-port", $"{ports[1]}", "--shards", "0,1", .. common]);
        Process? secondSilo = null;
        try
        {
            secondSilo = ClusterProcesses.Start("bolt cluster: silo", second);
            var connection = await ClusterConnection.ConnectLocalAsync([ports[1], ports[3]]);
            var cluster = new KillableCluster(directory, second, secondSilo, connection);
            cluster._processes.AddRange([primary, secondSilo]);
            for (int s = 0; s < 4; s++)
            {
                cluster.ProvisioningKeys[s] = ProvisioningKeyFile.Read(Path.Combine(directory, $"shard-{s}.key"));
            }

            return cluster;
        }
        catch
        {
            ClusterProcesses.StopAll([primary, .. secondSilo is null ? Array.Empty<Process>() : [secondSilo]]);
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>SIGKILL to the second silo, and waits until it is gone.</summary>
    public void KillSecond()
    {
        ClusterProcesses.Signal(_secondSilo, ClusterProcesses.SigKill);
        if (!_secondSilo.WaitForExit(30_000))
        {
            throw new TimeoutException("The second silo outlived SIGKILL for 30 s.");
        }
    }

    /// <summary>Starts the second silo again on its ports (and, durable, its data directory).</summary>
    public void RestartSecond()
    {
        lock (RecoveryReports)
        {
            RecoveryReports.Clear();
        }

        _secondSilo = ClusterProcesses.Start("bolt cluster: silo", line =>
        {
            lock (RecoveryReports)
            {
                RecoveryReports.Add(line);
            }
        }, _second);
        _processes.Add(_secondSilo);
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        ClusterProcesses.StopAll(_processes);
        Directory.Delete(_directory, recursive: true);
    }
}

using System.Globalization;
using System.Text.Json;
using Bolt.Workloads;
using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Remote;
using Bolt.Sim;
using Spectre.Console;

namespace Bolt.Cli.Serving;

/// <summary>
/// `bolt ycsb --server ADDR --clients K`: K client processes' worth of enclaves (one connection, session and
/// <see cref="Bolt.Client.ObliviousMap"/> each) driving a running daemon, checked per client; with
/// <c>--compare-local</c> the same ops through an in-process map on the simulator, for the ratio.
/// </summary>
public static class RemoteYcsb
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Runs the workload and prints it; the exit code is 0 when every answer matched.</summary>
    public static int Run(string server, byte[] provisioningKey, int clients, long ops, int batch, double readRatio, long seed, bool compareLocal, bool json)
    {
        if (clients is < 1 or > 4096)
        {
            throw new BoltConfigurationException("clients", $"--clients = {clients} must be between 1 and 4096.");
        }

        BoltParameters parameters;
        using (var probe = RemoteDevice.Connect(server))
        {
            parameters = probe.Parameters;
        }

        int keys = MultiClientRun.KeysPerClient(parameters, clients);
        long perClient = Math.Max(1, ops / clients);
        var remote = MultiClientRun.RunAsync(_ => RemoteDevice.Connect(server), provisioningKey, clients, perClient, batch, keys, readRatio, seed)
            .GetAwaiter().GetResult();
        MultiClientOutcome? local = null;
        if (compareLocal)
        {
            var deviceKey = SimulatedDeviceOptions.InsecureFixedKey(seed);
            local = MultiClientRun.RunAsync(_ =>
            {
                var device = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = parameters, Seed = deviceKey });
                device.Initialise(default);
                return device;
            }, ChannelKdf.ProvisioningKey(deviceKey), 1, remote.Ops, batch, MultiClientRun.KeysPerClient(parameters, 1), readRatio, seed).GetAwaiter().GetResult();
        }

        Print(server, remote, local, json);
        return remote.Mismatches == 0 && (local?.Mismatches ?? 0) == 0 ? 0 : 1;
    }

    private static void Print(string server, MultiClientOutcome remote, MultiClientOutcome? local, bool json)
    {
        double? ratio = local is null ? null : remote.OpsPerSecond / Math.Max(local.OpsPerSecond, 1e-9);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { server, remote, local, ratio }, JsonOptions));
            return;
        }

        string F(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);
        var table = new Table().AddColumn("").AddColumn(new TableColumn("daemon").RightAligned());
        if (local is not null)
        {
            table.AddColumn(new TableColumn("in-process").RightAligned());
        }

        void Row(string name, Func<MultiClientOutcome, string> value)
        {
            table.AddRow(local is null ? [name, value(remote)] : [name, value(remote), value(local)]);
        }

        Row("clients", o => F(o.Clients));
        Row("batch", o => F(o.Batch));
        Row("ops", o => F(o.Ops));
        Row("checked against references", o => o.Mismatches == 0 ? "[green]0 mismatches[/]" : $"[red]{o.Mismatches} mismatches[/]");
        Row("wall throughput (ops/s)", o => F(o.OpsPerSecond));
        Row("batch call p50 (µs)", o => F(o.P50Us, "N1"));
        Row("batch call p99 (µs)", o => F(o.P99Us, "N1"));
        AnsiConsole.Write(table);
        if (ratio is { } r)
        {
            AnsiConsole.MarkupLine($"daemon / in-process throughput: [bold]{F(r, "N2")}[/]");
        }
    }
}

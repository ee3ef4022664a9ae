using System.CommandLine;
using System.Text.Json;
using Bolt.Cli.Serving;
using Bolt.Client.Workloads;
using Bolt.Sim;
using Spectre.Console;

namespace Bolt.Cli.Commands;

/// <summary>`bolt ycsb`: load N keys into the simulator, run K ops checked against a dictionary, report.</summary>
internal static class YcsbCommand
{
    public static Command Create()
    {
        var options = new WorkloadOptions();
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table" };
        var server = new Option<string?>("--server") { Description = "Drive a running `bolt serve` daemon (unix:PATH or HOST:PORT) through the sealed channel instead of the embedded simulator" };
        var clients = new Option<int>("--clients") { Description = "With --server: client enclaves running at once, each with its own connection, session and keys", DefaultValueFactory = _ => 1 };
        var compareLocal = new Option<bool>("--compare-local") { Description = "With --server: run the same ops through an in-process map on the simulator too, and print the ratio" };
        var command = new Command("ycsb", "Run a YCSB-style workload on the embedded simulator, checked against a plain dictionary");
        options.AddTo(command);
        command.Add(json);
        command.Add(server);
        command.Add(clients);
        command.Add(compareLocal);
        command.SetAction(result => CliErrors.Guard(() =>
        {
            if (result.GetValue(server) is { } address)
            {
                var remote = options.Workload(result);
                return RemoteYcsb.Run(address, result.GetValue(clients), remote.Ops, remote.Batch, remote.ReadRatio, remote.Seed, result.GetValue(compareLocal), result.GetValue(json));
            }

            var parameters = options.Parameters(result);
            var workload = options.Workload(result);
            using var device = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = parameters, Seed = SimulatedDeviceOptions.SeedFromNumber(workload.Seed) });
            var outcome = Progress.Run(result.GetValue(json), workload.Ops, "ycsb", p => new YcsbRunner(device, workload).Run(p));
            var report = YcsbReport.Create(parameters, workload, outcome, device.Statistics);
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, YcsbReport.JsonOptions));
            }
            else
            {
                YcsbReport.WriteTable(report);
            }

            return outcome.Mismatches == 0 ? 0 : 1;
        }));
        return command;
    }
}

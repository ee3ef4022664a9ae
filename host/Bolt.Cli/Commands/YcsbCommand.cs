using System.CommandLine;
using System.Text.Json;
using Bolt.Workloads;
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
        var command = new Command("ycsb", "Run a YCSB-style workload on the embedded simulator, checked against a plain dictionary");
        options.AddTo(command);
        command.Add(json);
        command.SetAction(result => CliErrors.Guard(() =>
        {
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

using System.CommandLine;
using Bolt.Workloads;
using Bolt.Core.Trace;
using Bolt.Sim;

namespace Bolt.Cli.Commands;

/// <summary>`bolt trace`: run a workload and write the host-visible trace (DESIGN §5) as CSV.</summary>
internal static class TraceCommand
{
    public static Command Create()
    {
        var options = new WorkloadOptions();
        var output = new Option<FileInfo>("--out") { Description = "The CSV file to write", Required = true };
        var command = new Command("trace", "Write the host-visible trace of a workload on the simulator");
        options.AddTo(command);
        command.Add(output);
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var parameters = options.Parameters(result);
            var workload = options.Workload(result);
            var file = result.GetValue(output)!;
            using var writer = new CsvTraceWriter(file.Create());
            using var device = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = parameters, Seed = SimulatedDeviceOptions.SeedFromNumber(workload.Seed) }) { Trace = writer };
            var outcome = Progress.Run(false, workload.Ops, "trace", p => new YcsbRunner(device, workload).Run(p));
            Console.WriteLine($"wrote {file.FullName}: {outcome.LoadedKeys} keys loaded, {outcome.Ops} ops, {outcome.Mismatches} mismatches");
            return outcome.Mismatches == 0 ? 0 : 1;
        }));
        return command;
    }
}

using System.CommandLine;
using Bolt.Workloads;
using Bolt.Core.Trace;
using Bolt.Sim;

namespace Bolt.Cli.Commands;

/// <summary>`bolt trace`: run a workload and write the host-visible trace (docs/design.md §5) as CSV, to a file or stdout.</summary>
internal static class TraceCommand
{
    public static Command Create()
    {
        var options = new WorkloadOptions();
        var output = new Option<string>("--out") { Description = "The CSV file to write (- for stdout)", Required = true };
        var command = new Command("trace", "Write the host-visible trace of a workload on the simulator");
        options.AddTo(command);
        command.Add(output);
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var parameters = options.Parameters(result);
            var workload = options.Workload(result);
            string path = result.GetValue(output)!;
            using var writer = new CsvTraceWriter(OutputPaths.OpenFile(path, "--out"));
            using var device = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = parameters, Platform = options.Platform(result), Seed = SimulatedDeviceOptions.InsecureFixedKey(workload.Seed) }) { Trace = writer };
            var outcome = Progress.Run(false, workload.Ops, "trace", p => new YcsbRunner(device, workload).Run(p));
            writer.Flush();
            string where = path == OutputPaths.StandardOutput ? "stdout" : Path.GetFullPath(path);

            // The summary goes to stderr when the trace itself is on stdout.
            var summary = path == OutputPaths.StandardOutput ? Console.Error : Console.Out;
            summary.WriteLine($"wrote {where}: {outcome.LoadedKeys} keys loaded, {outcome.Ops} ops, {outcome.Mismatches} mismatches");
            return outcome.Mismatches == 0 ? ExitCodes.Ok : ExitCodes.CheckFailed;
        }));
        return command;
    }
}

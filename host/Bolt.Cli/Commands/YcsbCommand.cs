using System.CommandLine;
using Bolt.Cli.Serving;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Workloads;
using Bolt.Sim;

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
        var keyFile = new Option<string>("--key-file") { Description = "With --server: the provisioning key file the daemon wrote (the stand-in for attestation)", DefaultValueFactory = _ => ProvisioningKeyFile.DefaultPath };
        var compareLocal = new Option<bool>("--compare-local") { Description = "With --server: run the same ops through an in-process map on the simulator too, and print the ratio" };
        var command = new Command("ycsb", "Run a YCSB-style workload on the embedded simulator, checked against a plain dictionary. "
            + $"'{Figures.Mismatches}' counts answers that differ from the dictionary, '{Figures.Errors}' answers with an error status; "
            + $"'{Figures.HostBytes}' is '{Figures.PageBytes}' (sealed pages) plus '{Figures.FrameBytes}' (sealed command and response frames).");
        options.AddTo(command);
        command.Add(json);
        command.Add(server);
        command.Add(clients);
        command.Add(compareLocal);
        command.Add(keyFile);
        command.SetAction(result => CliErrors.Guard(() =>
        {
            if (result.GetValue(server) is { } address)
            {
                var remote = options.Workload(result);
                var provisioningKey = ProvisioningKeyFile.Read(result.GetValue(keyFile)!);
                return RemoteYcsb.Run(address, provisioningKey, result.GetValue(clients), remote.Ops, remote.Batch, remote.ReadRatio, remote.Seed, result.GetValue(compareLocal), result.GetValue(json));
            }

            var parameters = options.Parameters(result);
            var workload = options.Workload(result);
            using var device = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = parameters, Platform = options.Platform(result), Seed = SimulatedDeviceOptions.InsecureFixedKey(workload.Seed) });
            YcsbOutcome outcome;
            try
            {
                outcome = Progress.Run(result.GetValue(json), workload.Ops, "ycsb", p => new YcsbRunner(device, workload).Run(p));
            }
            catch (BulkLoadException e) when (e.Status is DeviceStatus.StashOverflow or DeviceStatus.CapacityExceeded)
            {
                // An overflowing load is the finding of an overflow experiment (--slots-per-bin), not a crash.
                return ReportOverflow(parameters, workload, e, result.GetValue(json), experiment: result.GetValue(options.SlotsPerBin) > 0);
            }

            var report = YcsbReport.Create(parameters, workload, outcome, device.Statistics);
            if (result.GetValue(json))
            {
                Console.WriteLine(YcsbReport.Json(report));
            }
            else
            {
                YcsbReport.WriteTable(report);
            }

            return outcome.Mismatches == 0 && outcome.Errors == 0 ? ExitCodes.Ok : ExitCodes.CheckFailed;
        }));
        return command;
    }

    private static int ReportOverflow(BoltParameters p, YcsbOptions w, BulkLoadException e, bool json, bool experiment)
    {
        long keys = Math.Max(1, (long)Math.Floor(p.Capacity * w.LoadFactor));
        IReadOnlyList<YcsbReport.Figure> report =
        [
            new("capacity", "capacity N", "items", p.Capacity),
            new("bin_factor", "bin factor c", "items/bin", p.BinFactor),
            new("l_max", "slots per bin l_max", "slots", p.SlotsPerBin),
            new("stash_capacity", "stash capacity S", "items", p.StashCapacity),
            new("loaded_keys", "keys in the load", "items", keys),
            new("load_overflowed", "load overflowed", "", true),
            new("load_refusal", "device's refusal", "", $"{e.Status}: {e.Message}"),
            new("ops", "ops", "ops", 0),
        ];
        if (json)
        {
            Console.WriteLine(YcsbReport.Json(report));
        }
        else
        {
            YcsbReport.WriteTable(report);
        }

        // With --slots-per-bin the overflow is the experiment's answer; with the derived l_max it is a failure.
        return experiment ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }
}

using System.CommandLine;
using System.Text.Json;
using Bolt.Security.Cluster;

namespace Bolt.Cli.Commands;

/// <summary>`bolt cluster leakage`: the cluster pair (hot key vs uniform vs one shard's keys) and its max-load control.</summary>
internal static class ClusterLeakageCommand
{
    public static Command Create()
    {
        var shards = new Option<int>("--shards") { Description = "Shards", DefaultValueFactory = _ => 4 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs compared per workload", DefaultValueFactory = _ => 12 };
        var requests = new Option<int>("--requests") { Description = "Requests per epoch (R)", DefaultValueFactory = _ => 512 };
        var lambda = new Option<int>("--lambda") { Description = "Security parameter λ", DefaultValueFactory = _ => 128 };
        var seed = new Option<int>("--seed") { Description = "Root seed", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var command = new Command("leakage", "The cluster leakage pair: per-shard frames and traces under a hot key, uniform keys and one shard's keys, with the max-load control")
        {
            shards, epochs, requests, lambda, seed, json,
        };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var options = new ClusterLeakageOptions
            {
                Shards = result.GetValue(shards),
                Epochs = result.GetValue(epochs),
                RequestsPerEpoch = result.GetValue(requests),
                SecurityParameter = result.GetValue(lambda),
                Seed = result.GetValue(seed),
            };
            if (options.Shards < 2 || options.Epochs < 1 || options.RequestsPerEpoch < 16)
            {
                throw new Core.BoltConfigurationException("--shards", "The pair needs at least 2 shards, 1 epoch and 16 requests per epoch.");
            }

            var report = new ClusterLeakage(options).Run();
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    verdict = report.Verdict,
                    passed = report.AllPassed,
                    controlDetected = report.ControlDetected,
                    mismatches = report.Mismatches,
                    frames = report.Frames.Select(f => new { workload = f.Workload.ToString(), sizing = f.Sizing, identical = f.Identical, batchSizes = f.BatchSizes, firstDifference = f.FirstDifference }),
                    shardTraceTests = report.ShardTraceTests.Count,
                    distinguished = report.ShardTraceTests.Count(t => t.Distinguished),
                    smallestPValue = report.ShardTraceTests.Min(t => t.PValue),
                }));
            }
            else
            {
                foreach (var f in report.Frames)
                {
                    Console.WriteLine($"{f.Sizing,-12} uniform vs {f.Workload,-8}: per-shard frames {(f.Identical ? "identical" : "DIFFER")} (B = {string.Join(",", f.BatchSizes.Distinct())})"
                        + (f.FirstDifference is null ? "" : $"; first difference {f.FirstDifference}"));
                }

                var weakest = report.ShardTraceTests.MinBy(t => t.PValue)!;
                Console.WriteLine($"shard traces: {report.ShardTraceTests.Count} tests (Holm at α = {options.Alpha}), {report.ShardTraceTests.Count(t => t.Distinguished)} reject; "
                    + $"smallest p {weakest.PValue:g3} ({weakest.Pair}: {weakest.Feature})");
                Console.WriteLine(report.Verdict);
            }

            return report.AllPassed && report.ControlDetected ? ExitCodes.Ok : ExitCodes.CheckFailed;
        }));
        return command;
    }
}

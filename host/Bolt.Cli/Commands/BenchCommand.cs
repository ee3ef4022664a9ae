using System.CommandLine;
using System.Globalization;
using Bolt.Bench.Plots;
using Bolt.Bench.Sweep;
using Spectre.Console;

namespace Bolt.Cli.Commands;

/// <summary>
/// `bolt bench`: sweeps capacity, value size, HBM fraction, bin factor and batch on the simulator, with Bolt,
/// BOLT's published rule and a non-oblivious baseline side by side on the U55C preset; writes CSV, JSON and plots.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "The small sweep for CI (maps of 2^12..2^16 keys, 4000 ops per point)" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for bench.csv, bench.json and the plots", DefaultValueFactory = _ => new DirectoryInfo("bench-out") };
        var ops = new Option<long>("--ops") { Description = "Ops per configuration after the load (0: 200000, or 4000 with --quick)", DefaultValueFactory = _ => 0 };
        var maxCapacity = new Option<int>("--max-capacity-log2") { Description = "Largest capacity of the capacity axis, as log2 (0: 26, or 16 with --quick)", DefaultValueFactory = _ => 0 };
        var seed = new Option<long>("--seed") { Description = "Seed of the devices, the client key and the workload", DefaultValueFactory = _ => 1 };
        var noPlots = new Option<bool>("--no-plots") { Description = "Write CSV and JSON only" };
        var command = new Command("bench", "Sweep the simulator over capacity, value size, HBM fraction, bin factor and batch for Bolt, BOLT's published rule and a plain baseline; CSV, JSON and plots")
        {
            quick, output, ops, maxCapacity, seed, noPlots,
        };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var options = new BenchOptions
            {
                Quick = result.GetValue(quick),
                Ops = result.GetValue(ops),
                MaxCapacityLog2 = result.GetValue(maxCapacity),
                Seed = result.GetValue(seed),
            };
            if (options.Ops < 0)
            {
                throw new Core.BoltConfigurationException("ops", $"--ops = {options.Ops} must not be negative.");
            }

            if (options.MaxCapacityLog2 is < 0 or > 28)
            {
                throw new Core.BoltConfigurationException("max-capacity-log2", $"--max-capacity-log2 = {options.MaxCapacityLog2} must be between 0 and 28.");
            }

            string directory = result.GetValue(output)!.FullName;
            var points = BenchPlan.Points(options);
            Console.Error.WriteLine($"bolt bench: {points.Select(p => p.Key).Distinct().Count()} configurations × 3 rules, {options.EffectiveOps} ops each");
            var rows = new BenchRunner(options).Run(points, row => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {row.Axis,-12} {row.Rule,-10} N={row.Capacity,-9} V={row.ValueSize,-4} α={row.HbmFraction,-4} c={row.BinFactor,-2} batch={row.Batch,-4} {row.LatencyMeanUs,8:F2} µs {row.ThroughputOpsPerSecond,10:F0} ops/s modeled, {row.WallOpsPerSecond,9:F0} ops/s wall, mismatches {row.Mismatches}")));
            var files = BenchReport.Write(rows, directory).ToList();
            if (!result.GetValue(noPlots))
            {
                files.AddRange(BenchPlots.Write(rows, directory));
            }

            WriteTable(rows);
            AnsiConsole.MarkupLine($"wrote {files.Count} files to {Markup.Escape(directory)}");
            return rows.Any(r => r.Mismatches != 0) ? 1 : 0;
        }));
        return command;
    }

    private static void WriteTable(IReadOnlyList<BenchRow> rows)
    {
        var table = new Table().AddColumns("axis", "rule", "N", "V", "α", "c", "batch", "lat mean µs", "lat p99 µs", "ops/s modeled", "host B/op", "HBM B/op", "init s", "wall ops/s", "mism.");
        foreach (var r in rows)
        {
            table.AddRow(r.Axis, r.Rule, F(r.Capacity), F(r.ValueSize), F(r.HbmFraction), F(r.BinFactor), F(r.Batch), F(r.LatencyMeanUs, 2), F(r.LatencyP99Us, 2),
                F(r.ThroughputOpsPerSecond, 0), F(r.HostBytesPerOp, 0), F(r.HbmBytesPerOp, 0), F(r.InitModeledSeconds, 4), F(r.WallOpsPerSecond, 0), F(r.Mismatches));
        }

        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 240; // a log file is read at full width, not wrapped to 80 columns
        }

        AnsiConsole.Write(table);
    }

    private static string F(double value, int digits = -1) =>
        digits < 0 ? value.ToString(CultureInfo.InvariantCulture) : Math.Round(value, digits).ToString(CultureInfo.InvariantCulture);
}

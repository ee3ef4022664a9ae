using System.Globalization;
using System.Text.Json;
using Bolt.Workloads;
using Bolt.Core;
using Bolt.Sim.Stats;
using Spectre.Console;

namespace Bolt.Cli.Commands;

/// <summary>
/// The figures of a ycsb run: one list, printed as a JSON object (snake_case keys that carry their unit) or as a
/// table (the words of <see cref="Figures"/> with the unit in its own column).
/// </summary>
internal static class YcsbReport
{
    public static JsonSerializerOptions JsonOptions { get; } = new() { WriteIndented = false };

    /// <summary>One figure: its JSON key, its name in the table, its unit, and its value.</summary>
    public sealed record Figure(string Key, string Label, string Unit, object Value);

    public static IReadOnlyList<Figure> Create(BoltParameters p, YcsbOptions w, YcsbOutcome o, RunStatistics s) =>
    [
        new("capacity", "capacity N", "items", p.Capacity),
        new("value_size", "value size V", "B", p.ValueSize),
        new("hbm_fraction", "HBM fraction α", "", p.HbmFraction),
        new("bin_factor", "bin factor c", "items/bin", p.BinFactor),
        new("l_max", "slots per bin l_max", "slots", p.SlotsPerBin),
        new("distribution", "key distribution", "", w.Distribution.ToString().ToLowerInvariant()),
        new("read_ratio", "read ratio", "", w.ReadRatio),
        new("batch", "batch", "requests/frame", w.Batch),
        new("seed", "seed", "", w.Seed),
        new("loaded_keys", "keys loaded", "items", o.LoadedKeys),
        new("ops", "ops", "ops", o.Ops),
        new("mismatches", Figures.Mismatches, "answers", o.Mismatches),
        new("errors", Figures.Errors, "answers", o.Errors),
        new("wall_seconds", "wall time", "s", Round(o.WallSeconds)),
        new("wall_ops_per_second", "wall throughput", "ops/s", Math.Round(o.WallOpsPerSecond)),
        new("init_wall_seconds", "load wall time", "s", Round(o.InitWallSeconds)),
        new("cpu_us_per_op", "CPU time per op (all threads)", "µs", Round(o.CpuMicrosecondsPerOp)),
        new("init_modeled_seconds", "load modeled time", "s", Round(s.ModeledInitSeconds)),
        new("modeled_latency_us_mean", "modeled batch latency, mean", "µs", Round(s.LatencyMeanUs)),
        new("modeled_latency_us_p50", "modeled batch latency, p50", "µs", Round(s.LatencyP50Us)),
        new("modeled_latency_us_p99", "modeled batch latency, p99", "µs", Round(s.LatencyP99Us)),
        new("modeled_throughput_ops_per_second", "modeled throughput", "ops/s", Math.Round(s.ModeledThroughputOpsPerSecond)),
        new("page_bytes_per_op", Figures.PageBytes, "B/op", Round(s.PageBytesPerOp)),
        new("frame_bytes_per_op", Figures.FrameBytes, "B/op", Round(s.CommandBytesPerOp + s.ResponseBytesPerOp)),
        new("host_bytes_per_op", Figures.HostBytes, "B/op", Round(s.HostBytesPerOp)),
        new("pages_touched_per_op", "pages touched per op", "pages/op", Round(s.PagesTouchedPerOp)),
        new("hbm_bytes_per_op", "HBM bytes per op", "B/op", Round(s.HbmBytesPerOp)),
        new("max_bin_load", "max bin load", "items", s.MaxBinLoad),
        new("max_hbm_items", "max HBM items", "items", s.MaxHbmItems),
        new("hbm_item_bound", "HBM item bound", "items", Math.Round(p.HbmItemBound)),
        new("max_eviction_buffer", "max eviction buffer", "items", s.MaxEvictionBuffer),
        new("eviction_buffer_bound", "eviction buffer bound E", "items", p.EvictionBufferBound),
        new("max_stash", "max stash", "items", s.MaxStash),
        new("integrity_failures", "integrity failures", "pages", s.IntegrityFailures),
    ];

    public static string Json(IEnumerable<Figure> figures) =>
        JsonSerializer.Serialize(figures.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal), JsonOptions);

    public static void WriteTable(IEnumerable<Figure> figures)
    {
        var table = new Table().AddColumn("figure").AddColumn(new TableColumn("value").RightAligned()).AddColumn("unit");
        foreach (var f in figures)
        {
            table.AddRow(Markup.Escape(f.Label), Convert.ToString(f.Value, CultureInfo.InvariantCulture) ?? string.Empty, Markup.Escape(f.Unit));
        }

        AnsiConsole.Write(table);
        AnsiConsole.WriteLine($"{Figures.Mismatches}: answers that differ from the reference dictionary; {Figures.Errors}: answers with an error status; "
            + $"{Figures.HostBytes} = {Figures.PageBytes} + {Figures.FrameBytes}");
    }

    private static double Round(double value) => Math.Round(value, 4);
}

using System.Globalization;
using System.Text.Json;
using Bolt.Workloads;
using Bolt.Core;
using Bolt.Sim.Stats;
using Spectre.Console;

namespace Bolt.Cli.Commands;

/// <summary>The figures of a ycsb run, as the JSON object and the table print them (snake_case keys).</summary>
internal static class YcsbReport
{
    public static JsonSerializerOptions JsonOptions { get; } = new() { WriteIndented = false };

    public static SortedDictionary<string, object> Create(BoltParameters p, YcsbOptions w, YcsbOutcome o, RunStatistics s) => new(StringComparer.Ordinal)
    {
        ["capacity"] = p.Capacity,
        ["ops"] = o.Ops,
        ["value_size"] = p.ValueSize,
        ["hbm_fraction"] = p.HbmFraction,
        ["bin_factor"] = p.BinFactor,
        ["read_ratio"] = w.ReadRatio,
        ["distribution"] = w.Distribution.ToString().ToLowerInvariant(),
        ["batch"] = w.Batch,
        ["seed"] = w.Seed,
        ["loaded_keys"] = o.LoadedKeys,
        ["mismatches"] = o.Mismatches,
        ["errors"] = o.Errors,
        ["wall_seconds"] = Round(o.WallSeconds),
        ["wall_ops_per_second"] = Math.Round(o.WallOpsPerSecond),
        ["init_wall_seconds"] = Round(o.InitWallSeconds),
        ["init_modeled_seconds"] = Round(s.ModeledInitSeconds),
        ["modeled_latency_us_mean"] = Round(s.LatencyMeanUs),
        ["modeled_latency_us_p50"] = Round(s.LatencyP50Us),
        ["modeled_latency_us_p99"] = Round(s.LatencyP99Us),
        ["modeled_throughput_ops_per_second"] = Math.Round(s.ModeledThroughputOpsPerSecond),
        ["host_bytes_per_op"] = Round(s.HostBytesPerOp),
        ["page_bytes_per_op"] = Round(s.PageBytesPerOp),
        ["pages_touched_per_op"] = Round(s.PagesTouchedPerOp),
        ["hbm_bytes_per_op"] = Round(s.HbmBytesPerOp),
        ["max_bin_load"] = s.MaxBinLoad,
        ["l_max"] = p.SlotsPerBin,
        ["max_hbm_items"] = s.MaxHbmItems,
        ["hbm_item_bound"] = Math.Round(p.HbmItemBound),
        ["max_eviction_buffer"] = s.MaxEvictionBuffer,
        ["eviction_buffer_bound"] = p.EvictionBufferBound,
        ["max_stash"] = s.MaxStash,
        ["integrity_failures"] = s.IntegrityFailures,
    };

    public static void WriteTable(SortedDictionary<string, object> report)
    {
        var table = new Table().AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (key, value) in report)
        {
            table.AddRow(key, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
        }

        AnsiConsole.Write(table);
    }

    private static double Round(double value) => Math.Round(value, 4);
}

using Bolt.Bench.Sweep;
using Bolt.Core;

namespace Bolt.Bench.Plots;

/// <summary>
/// The figures of a sweep, each as PNG and SVG named after what it shows: modeled latency and throughput against
/// capacity, value size and HBM fraction for the three rules; host bytes per op against capacity with Bolt's
/// O(1) + O(log log N) curve; initialisation time against capacity; simulator wall cost per op against capacity.
/// </summary>
public static class BenchPlots
{
    /// <summary>Writes every plot the rows allow into <paramref name="directory"/>; returns the files written.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<BenchRow> rows, string directory)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        static string Pow2(double x) => $"2^{x:0}";
        foreach (var (axis, label, x, format) in new (string, string, Func<BenchRow, double>, Func<double, string>?)[]
        {
            ("capacity", "capacity N (keys)", r => Math.Log2(r.Capacity), Pow2),
            ("value-size", "value size V (bytes, log2)", r => Math.Log2(r.ValueSize), Pow2),
            ("hbm-fraction", "HBM fraction α", r => r.HbmFraction, null),
        })
        {
            var points = rows.Where(r => r.Axis == axis).ToList();
            if (points.Count == 0)
            {
                continue;
            }

            files.AddRange(ByRule(points, $"Modeled mean latency vs {axis} (U55C preset)", label, "µs from a batch's submission to its responses", x, r => r.LatencyMeanUs, format, logY: true, $"latency-vs-{axis}"));
            files.AddRange(ByRule(points, $"Modeled throughput vs {axis} (U55C preset)", label, "ops per second", x, r => r.ThroughputOpsPerSecond, format, logY: true, $"throughput-vs-{axis}"));
        }

        var capacity = rows.Where(r => r.Axis == "capacity").ToList();
        if (capacity.Count > 0)
        {
            files.AddRange(BytesPerOp(capacity, directory));
            files.AddRange(ByRule(capacity, "Modeled initialisation and bulk load vs capacity", "capacity N (keys)", "seconds", r => Math.Log2(r.Capacity), r => r.InitModeledSeconds, Pow2, logY: true, "init-vs-capacity",
                ("bolt, wall time of the simulator", r => r.Rule == "bolt", r => r.InitWallSeconds)));
            files.AddRange(ByRule(capacity, "Simulator wall cost per op vs capacity (this machine)", "capacity N (keys)", "wall ns per simulated op", r => Math.Log2(r.Capacity), r => r.WallOpsPerSecond > 0 ? 1e9 / r.WallOpsPerSecond : 0, Pow2, logY: false, "wall-cost-vs-capacity",
                ("bolt, CPU ns per op (all threads)", r => r.Rule == "bolt", r => r.CpuMicrosecondsPerOp * 1e3)));
        }

        return files;

        IEnumerable<string> ByRule(List<BenchRow> points, string title, string xLabel, string yLabel, Func<BenchRow, double> x, Func<BenchRow, double> y,
            Func<double, string>? format, bool logY, string stem, params (string Label, Func<BenchRow, bool> Filter, Func<BenchRow, double> Y)[] extra)
        {
            using var chart = new LineChart(title, xLabel, yLabel, logY, format);
            foreach (var rule in points.Select(r => r.Rule).Distinct())
            {
                var series = points.Where(r => r.Rule == rule).OrderBy(x).ToList();
                chart.Series(rule, series.Select(x).ToList(), series.Select(y).ToList());
            }

            foreach (var (label, filter, extraY) in extra)
            {
                var series = points.Where(filter).OrderBy(x).ToList();
                chart.Series(label, series.Select(x).ToList(), series.Select(extraY).ToList(), dashed: true);
            }

            return chart.Save(directory, stem).ToList();
        }
    }

    /// <summary>Host bytes per op for each rule, and Bolt's bound 4·PageBytes(N) + frames: O(1) + O(log log N) through l_max.</summary>
    private static IEnumerable<string> BytesPerOp(List<BenchRow> capacity, string directory)
    {
        using var chart = new LineChart("Host bytes per op vs capacity", "capacity N (keys)", "host-visible bytes per op", logY: true, x => $"2^{x:0}");
        foreach (var rule in capacity.Select(r => r.Rule).Distinct())
        {
            var series = capacity.Where(r => r.Rule == rule).OrderBy(r => r.Capacity).ToList();
            chart.Series(rule, series.Select(r => Math.Log2(r.Capacity)).ToList(), series.Select(r => r.HostBytesPerOp).ToList());
        }

        var first = capacity[0];
        var xs = new List<double>();
        var ys = new List<double>();
        for (int log2 = (int)Math.Log2(capacity.Min(r => r.Capacity)); log2 <= (int)Math.Log2(capacity.Max(r => r.Capacity)); log2++)
        {
            var p = new BoltParameters(capacity: 1 << log2, binFactor: first.BinFactor, hbmFraction: first.HbmFraction, valueSize: first.ValueSize);
            xs.Add(log2);
            ys.Add((4.0 * p.PageBytes) + ((p.CommandBytes + p.ResponseBytes) * (double)first.Batch + (2 * Core.Channel.FrameLayout.OverheadBytes)) / first.Batch);
        }

        chart.Series("bound 4·(32 + (c + ⌈log2 log2 N⌉ + 1)·slot) + frames", xs, ys, dashed: true, markers: false);
        return chart.Save(directory, "bytes-per-op-vs-capacity").ToList();
    }
}

using Bolt.Bench.Plots;
using Bolt.Bench.Sweep;
using Bolt.Tests.Cli;
using Xunit;

namespace Bolt.Tests.Bench;

/// <summary>`bolt bench` end to end at a tiny size: every rule runs clean, CSV round-trips, plots are real images.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class BenchSweepTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bolt-bench-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_small_sweep_gives_three_rules_per_point_with_no_mismatch_and_every_plot()
    {
        var options = new BenchOptions { Quick = true, Ops = 600, MaxCapacityLog2 = 12 };
        var points = BenchPlan.Points(options).Where(p => p.Axis is "capacity" or "hbm-fraction" or "value-size").ToList();
        var rows = new BenchRunner(options).Run(points);
        Assert.Equal(3 * points.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(0, r.Mismatches));
        Assert.Equal(["bolt", "bolt-paper", "plain"], rows.Select(r => r.Rule).Distinct().Order());

        // Bolt touches two pages per op whatever happens; the plain baseline none.
        Assert.All(rows.Where(r => r.Rule == "bolt"), r => Assert.Equal(2, r.PagesTouchedPerOp));
        Assert.All(rows.Where(r => r.Rule == "plain"), r => Assert.Equal(0, r.PageBytesPerOp));

        BenchReport.Write(rows, _directory);
        var back = BenchReport.ReadCsv(Path.Combine(_directory, "bench.csv"));
        Assert.Equal(rows.Select(r => (r.Rule, r.Capacity, r.HbmFraction, r.ValueSize)), back.Select(r => (r.Rule, r.Capacity, r.HbmFraction, r.ValueSize)));
        var files = BenchPlots.Write(rows, _directory);
        foreach (string stem in new[] { "latency-vs-capacity", "throughput-vs-hbm-fraction", "latency-vs-value-size", "bytes-per-op-vs-capacity", "init-vs-capacity", "wall-cost-vs-capacity" })
        {
            var png = File.ReadAllBytes(Path.Combine(_directory, stem + ".png"));
            Assert.Equal((byte)0x89, png[0]);
            Assert.Equal("PNG"u8.ToArray(), png[1..4]);
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(_directory, stem + ".svg")), StringComparison.Ordinal);
        }

        Assert.Equal(files.Count, files.Distinct().Count());
    }

    [Fact]
    public void Bolt_bench_quick_writes_csv_json_and_pngs()
    {
        var (code, output, _) = CliTests.Run("bench", "--quick", "--ops", "300", "--max-capacity-log2", "12", "--out", _directory);
        Assert.Equal(0, code);
        Assert.Contains("wrote", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_directory, "bench.json")));
        Assert.StartsWith(BenchRow.CsvHeader, File.ReadAllText(Path.Combine(_directory, "bench.csv")), StringComparison.Ordinal);
        Assert.True(Directory.GetFiles(_directory, "*.png").Length >= 9);
    }

    [Fact]
    public void Leakage_plot_files_are_named_after_their_pair()
    {
        Assert.Equal("uniform-vs-hot-key", LeakagePlots.FileStem("uniform vs hot key"));
        Assert.Equal("uniform-vs-uniform-a-a-calibration", LeakagePlots.FileStem("uniform vs uniform (A/A calibration)"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

using System.Text.Json;
using Bolt.Cli;
using Xunit;

namespace Bolt.Tests.Cli;

/// <summary>The `bolt` commands as a user runs them. Console output is process-wide, so these run alone.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CliTests
{
    [Fact]
    public void Ycsb_json_reports_every_figure_the_issue_asks_for_and_no_mismatch()
    {
        var (code, output, _) = Run("ycsb", "--capacity", "4096", "--ops", "20000", "--value-size", "8", "--hbm-fraction", "0.2", "--distribution", "zipf", "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        foreach (var key in new[] { "capacity", "ops", "value_size", "hbm_fraction", "mismatches", "errors", "wall_seconds", "wall_ops_per_second", "init_wall_seconds", "cpu_us_per_op", "init_modeled_seconds", "modeled_latency_us_mean", "modeled_latency_us_p99", "modeled_throughput_ops_per_second", "host_bytes_per_op", "max_bin_load", "l_max", "max_eviction_buffer", "max_stash" })
        {
            Assert.True(root.TryGetProperty(key, out _), $"missing {key}");
        }

        Assert.Equal(0, root.GetProperty("mismatches").GetInt64());
        Assert.Equal(20000, root.GetProperty("ops").GetInt64());
        Assert.True(root.GetProperty("max_bin_load").GetInt32() <= root.GetProperty("l_max").GetInt32());
    }

    [Theory]
    [InlineData("hot")]
    [InlineData("sequential")]
    [InlineData("uniform")]
    public void Ycsb_runs_every_distribution(string distribution)
    {
        var (code, output, _) = Run("ycsb", "--capacity", "1024", "--ops", "3000", "--distribution", distribution, "--read-ratio", "0.9", "--json");
        Assert.Equal(0, code);
        Assert.Contains("\"mismatches\":0", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_writes_the_public_csv_with_init_rows_and_four_page_rows_per_op()
    {
        var file = Path.Combine(Path.GetTempPath(), $"bolt-trace-{Guid.NewGuid():N}.csv");
        try
        {
            var (code, _, _) = Run("trace", "--capacity", "1024", "--ops", "100", "--batch", "10", "--out", file);
            Assert.Equal(0, code);
            var rows = Bolt.Core.Trace.CsvTraceReader.Read(new StringReader(File.ReadAllText(file)));
            Assert.Contains(rows, r => r.Op == -1 && r.Kind == Bolt.Core.Trace.TraceKind.W);
            Assert.Equal(400, rows.Count(r => r.Op >= 0 && r.Kind is Bolt.Core.Trace.TraceKind.R or Bolt.Core.Trace.TraceKind.W));
            Assert.Equal(10, rows.Count(r => r.Kind == Bolt.Core.Trace.TraceKind.CMD && r.Op >= 0));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Bad_options_get_a_clear_error_naming_the_option()
    {
        var (code, _, error) = Run("ycsb", "--capacity", "8", "--ops", "10");
        Assert.Equal(2, code);
        Assert.Contains("capacity", error, StringComparison.Ordinal);
        (code, _, error) = Run("ycsb", "--capacity", "1024", "--read-ratio", "1.5");
        Assert.Equal(2, code);
        Assert.Contains("--read-ratio", error, StringComparison.Ordinal);
        Assert.Contains("read-ratio", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Info_prints_the_derived_sizes()
    {
        var (code, output, _) = Run("info", "--capacity", "1048576");
        Assert.Equal(0, code);
        Assert.Contains("l_max", output, StringComparison.Ordinal);
        Assert.Contains("104858", output, StringComparison.Ordinal);
    }

    internal static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(output) });
        try
        {
            int code = Program.Main(args);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

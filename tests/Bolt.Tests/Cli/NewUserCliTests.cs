using System.Text.Json;
using Xunit;

namespace Bolt.Tests.Cli;

/// <summary>
/// Every `bolt` command run as a new user runs it: odd but valid sizes get a true report, and mistakes get one
/// line on stderr naming the real option, with the documented exit code, before any work is done.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class NewUserCliTests
{
    private static (int Code, string Output, string Error) Run(params string[] args) => CliTests.Run(args);

    [Theory]
    [InlineData("--capacity", "16", "--load-factor", "1", "--ops", "100", "--value-size", "1")]
    [InlineData("--capacity", "1024", "--load-factor", "1", "--ops", "5000")]
    public void Demo_counts_a_refused_insert_into_a_full_map_as_a_correct_answer(params string[] args)
    {
        var (code, output, error) = Run(["demo", .. args]);
        Assert.True(code == 0, error + output);
        Assert.Contains("0 mismatches", output, StringComparison.Ordinal);
        Assert.Contains("refused inserts", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Leakage_on_a_tiny_map_has_no_false_mismatches_and_says_it_has_no_power()
    {
        var (code, output, _) = Run("leakage", "--capacity", "16", "--ops", "1000", "--tamper", "50", "--active-ops", "0", "--json");
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(0, root.GetProperty("mismatches").GetInt64());
        Assert.Equal(0, root.GetProperty("tamper").GetProperty("final_mismatches").GetInt64());
        Assert.False(root.GetProperty("has_power").GetBoolean());
        Assert.StartsWith("INCONCLUSIVE", root.GetProperty("verdict").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, code);
    }

    [Fact]
    public void Cosim_with_nothing_to_compare_against_is_refused()
    {
        var (code, output, error) = Run("cosim", "--no-csim", "--no-opencl");
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("--no-csim", error, StringComparison.Ordinal);
        Assert.DoesNotContain("equal", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--value-size", "0", "valueSize")]
    [InlineData("--hbm-fraction", "1", "hbmFraction")]
    [InlineData("--bin-factor", "1", "binFactor")]
    [InlineData("--stash", "0", "stashCapacity")]
    [InlineData("--slots-per-bin", "300", "slotsPerBin")]
    public void Validation_errors_name_the_option_the_user_typed(string option, string value, string apiName)
    {
        var (code, output, error) = Run("ycsb", "--capacity", "1024", option, value);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith($"bolt: {option} = {value}", error, StringComparison.Ordinal);
        Assert.DoesNotContain(apiName, error, StringComparison.Ordinal);
        Assert.DoesNotContain("--stashcapacity", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_output_paths_are_checked_before_the_run_with_a_one_line_error()
    {
        var directory = Directory.CreateTempSubdirectory("bolt-out-").FullName;
        try
        {
            foreach (var bad in new[] { Path.Combine(directory, "missing", "x.csv"), directory })
            {
                var (code, output, error) = Run("trace", "--capacity", "1024", "--ops", "10", "--out", bad);
                Assert.Equal(3, code);
                Assert.Empty(output);
                Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.Contains("--out", error, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Leakage_plot_directory_is_checked_before_the_suite_runs()
    {
        var (code, output, error) = Run("leakage", "--plots", "/proc/nope");
        Assert.Equal(3, code);
        Assert.Empty(output);
        Assert.DoesNotContain("started", error, StringComparison.Ordinal);
        Assert.Contains("--plots", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_out_dash_writes_the_csv_to_stdout_and_no_file_named_dash()
    {
        var (code, output, error) = BoltProcess.Run(null, "trace", "--capacity", "1024", "--ops", "4", "--batch", "2", "--out", "-");
        Assert.True(code == 0, error);
        Assert.StartsWith(Bolt.Core.Trace.CsvTraceWriter.Header, output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "-")));
        Assert.Contains("wrote stdout", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_and_validation_errors_share_one_convention_stderr_and_exit_2()
    {
        var (parseCode, parseOutput, parseError) = Run("ycsb", "--no-such-option");
        var (validCode, validOutput, validError) = Run("ycsb", "--batch", "0");
        Assert.Equal(2, parseCode);
        Assert.Equal(2, validCode);
        Assert.Empty(parseOutput);
        Assert.Empty(validOutput);
        Assert.StartsWith("bolt: ", parseError, StringComparison.Ordinal);
        Assert.Contains("--no-such-option", parseError, StringComparison.Ordinal);
        Assert.StartsWith("bolt: --batch", validError, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_documents_the_distinct_exit_codes()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        foreach (var text in new[] { "Exit codes", "0 ok", "1 the run finished and a check failed", "2 bad command line", "3 an output path", "4 the device" })
        {
            Assert.Contains(text, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Redirected_output_is_plain_and_unwrapped_and_progress_goes_to_stderr()
    {
        var (code, output, error) = BoltProcess.Run(new Dictionary<string, string> { ["TERM"] = "xterm-256color" },
            "info", "--capacity", "1048576");
        Assert.Equal(0, code);
        Assert.DoesNotContain('\u001b', output);
        Assert.Contains("sealed command + response record, frame header and tag shared by --batch 64", output, StringComparison.Ordinal);

        (code, output, error) = BoltProcess.Run(null, "demo", "--capacity", "1024", "--ops", "2000");
        Assert.Equal(0, code);
        Assert.DoesNotContain('\u001b', output);
        Assert.Contains("map full or stash overflowed: a correct answer, nothing changed", output, StringComparison.Ordinal);
        Assert.Contains("bolt: mixed workload: started", error, StringComparison.Ordinal);
        Assert.Contains("bolt: mixed workload: done", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_run_that_is_not_on_a_terminal_prints_periodic_progress_lines_on_stderr()
    {
        var (code, output, error) = BoltProcess.Run(new Dictionary<string, string> { ["BOLT_PROGRESS_SECONDS"] = "0.05" },
            "ycsb", "--capacity", "65536", "--ops", "200000", "--json");
        Assert.Equal(0, code);
        Assert.StartsWith("{", output, StringComparison.Ordinal);
        Assert.Matches(@"bolt: ycsb: \d+% \([\d,]+ of 200,000\), \d+ s", error);
    }

    [Fact]
    public void Info_and_ycsb_use_one_vocabulary_with_units()
    {
        var p = new Bolt.Core.BoltParameters(capacity: 4096);
        var (_, info, _) = Run("info", "--capacity", "4096");
        Assert.Contains($"page bytes per op (B) │ {4 * p.PageBytes}", System.Text.RegularExpressions.Regex.Replace(info, " +", " "), StringComparison.Ordinal);
        Assert.Contains("host bytes per op (B)", info, StringComparison.Ordinal);
        Assert.DoesNotContain("host bytes / op", info, StringComparison.Ordinal);

        var (_, json, _) = Run("ycsb", "--capacity", "4096", "--ops", "2000", "--json");
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        double host = root.GetProperty("host_bytes_per_op").GetDouble();
        double page = root.GetProperty("page_bytes_per_op").GetDouble();
        double frame = root.GetProperty("frame_bytes_per_op").GetDouble();
        Assert.Equal(host, page + frame, 3);
        Assert.Equal(4 * p.PageBytes, page, 3);

        var (_, table, _) = Run("ycsb", "--capacity", "4096", "--ops", "2000");
        Assert.Contains("host bytes per op", table, StringComparison.Ordinal);
        Assert.Contains("B/op", table, StringComparison.Ordinal);
        Assert.DoesNotContain("host_bytes_per_op", table, StringComparison.Ordinal);
        Assert.Contains("answers that differ from the reference dictionary", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Ycsb_overflow_experiment_reports_the_overflow_as_its_result()
    {
        var (code, output, error) = Run("ycsb", "--capacity", "4096", "--ops", "1000", "--slots-per-bin", "8", "--json");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("load_overflowed").GetBoolean());
        Assert.Equal(8, json.RootElement.GetProperty("l_max").GetInt32());
        Assert.Contains("StashOverflow", json.RootElement.GetProperty("load_refusal").GetString(), StringComparison.Ordinal);
    }
}

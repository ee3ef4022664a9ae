using System.Text;
using Bolt.Security.Experiments;

namespace Bolt.Bench.Plots;

/// <summary>
/// The leakage suite's plots, drawn in-process (no gnuplot): for every distinguishing pair, the page-read
/// histograms of both workloads and their per-op duration distributions, as PNG and SVG named after the pair
/// (for example <c>uniform-vs-hot-key-pages.png</c> and <c>uniform-vs-hot-key-durations.png</c>).
/// </summary>
public static class LeakagePlots
{
    /// <summary>Writes the plots into <paramref name="directory"/>; returns a one-line summary of what was made.</summary>
    public static string Write(LeakageReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        int files = 0;
        foreach (var pair in report.Pairs)
        {
            string stem = FileStem(pair.Pair);
            files += Pages(pair, directory, stem + "-pages").Count();
            files += Durations(pair, directory, stem + "-durations").Count();
        }

        return $"{files} files (PNG and SVG) for {report.Pairs.Count} pairs";
    }

    /// <summary>A file name from a pair's name: lower case, words joined by hyphens ("uniform vs hot key" → "uniform-vs-hot-key").</summary>
    public static string FileStem(string pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var stem = new StringBuilder(pair.Length);
        foreach (char ch in pair.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                stem.Append(ch);
            }
            else if (stem.Length > 0 && stem[^1] != '-')
            {
                stem.Append('-');
            }
        }

        return stem.ToString().TrimEnd('-');
    }

    private static IEnumerable<string> Pages(PairSummary pair, string directory, string stem)
    {
        using var chart = new LineChart($"{pair.Pair}: page reads per page group", "page group", "reads");
        double[] groups = Enumerable.Range(0, pair.SecondPagesA.Length).Select(g => (double)g).ToArray();
        chart.Series($"second page, {pair.LabelA}", groups, ToDouble(pair.SecondPagesA), markers: false)
            .Series($"second page, {pair.LabelB}", groups, ToDouble(pair.SecondPagesB), markers: false)
            .Series($"first page, {pair.LabelA}", groups, ToDouble(pair.FirstPagesA), dashed: true, markers: false)
            .Series($"first page, {pair.LabelB}", groups, ToDouble(pair.FirstPagesB), dashed: true, markers: false);
        return chart.Save(directory, stem).ToList();
    }

    private static IEnumerable<string> Durations(PairSummary pair, string directory, string stem)
    {
        using var chart = new LineChart($"{pair.Pair}: per-op duration", "cycles from first to last page transaction", "share of ops", logY: true);
        foreach (var (label, durations) in new[] { (pair.LabelA, pair.DurationsA), (pair.LabelB, pair.DurationsB) })
        {
            var shares = durations.GroupBy(d => d).OrderBy(g => g.Key).ToList();
            chart.Series(label, shares.Select(g => (double)g.Key).ToList(), shares.Select(g => (double)g.Count() / durations.Length).ToList());
        }

        return chart.Save(directory, stem).ToList();
    }

    private static double[] ToDouble(long[] values) => values.Select(v => (double)v).ToArray();
}

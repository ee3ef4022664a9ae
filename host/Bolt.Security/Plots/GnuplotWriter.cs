using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bolt.Security.Experiments;

namespace Bolt.Security.Plots;

/// <summary>
/// Writes, for every pair, the page histograms and the per-op duration distributions of both sides as
/// gnuplot .dat and .gp files, and renders PNGs when gnuplot is on the PATH (scripts/ installs gnuplot-nox).
/// </summary>
public static class GnuplotWriter
{
    /// <summary>Writes the files into <paramref name="directory"/>; returns a one-line summary of what was made.</summary>
    public static string Write(LeakageReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        var scripts = new List<string>();
        for (int i = 0; i < report.Pairs.Count; i++)
        {
            var pair = report.Pairs[i];
            string stem = $"pair{i + 1}";
            File.WriteAllText(Path.Combine(directory, stem + "-pages.dat"), PagesData(pair));
            File.WriteAllText(Path.Combine(directory, stem + "-durations.dat"), DurationData(pair));
            string script = Path.Combine(directory, stem + ".gp");
            File.WriteAllText(script, Script(pair, stem));
            scripts.Add(script);
        }

        int rendered = scripts.Count(script => Render(script, directory));
        return rendered == 0 ? $"{scripts.Count} gnuplot scripts; gnuplot not found, no PNGs" : $"{scripts.Count} gnuplot scripts, {2 * rendered} PNGs";
    }

    private static string PagesData(PairSummary pair)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"# page group, second-page reads {pair.LabelA}, second-page reads {pair.LabelB}, first-page reads {pair.LabelA}, first-page reads {pair.LabelB}\n");
        for (int g = 0; g < pair.SecondPagesA.Length; g++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{g} {pair.SecondPagesA[g]} {pair.SecondPagesB[g]} {pair.FirstPagesA[g]} {pair.FirstPagesB[g]}\n");
        }

        return text.ToString();
    }

    private static string DurationData(PairSummary pair)
    {
        var a = pair.DurationsA.GroupBy(d => d).ToDictionary(g => g.Key, g => g.Count());
        var b = pair.DurationsB.GroupBy(d => d).ToDictionary(g => g.Key, g => g.Count());
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"# duration (cycles), share of ops {pair.LabelA}, share of ops {pair.LabelB}\n");
        foreach (long d in a.Keys.Union(b.Keys).Order())
        {
            text.Append(CultureInfo.InvariantCulture, $"{d} {(double)a.GetValueOrDefault(d) / pair.DurationsA.Length:G6} {(double)b.GetValueOrDefault(d) / pair.DurationsB.Length:G6}\n");
        }

        return text.ToString();
    }

    private static string Script(PairSummary pair, string stem) => string.Join('\n',
        "set terminal png size 1000,500",
        $"set output '{stem}-pages.png'",
        $"set title '{pair.Pair}: page reads per page group'",
        "set xlabel 'page group'",
        "set ylabel 'reads'",
        "set key outside bottom center horizontal",
        $"plot '{stem}-pages.dat' using 1:2 with steps title 'second page, {pair.LabelA}', '' using 1:3 with steps title 'second page, {pair.LabelB}', '' using 1:4 with steps title 'first page, {pair.LabelA}', '' using 1:5 with steps title 'first page, {pair.LabelB}'",
        $"set output '{stem}-durations.png'",
        $"set title '{pair.Pair}: per-op duration'",
        "set xlabel 'cycles from first to last page transaction'",
        "set ylabel 'share of ops'",
        "set logscale y",
        "set yrange [1e-5:2]",
        "set offsets 2, 2, 0, 0",
        $"plot '{stem}-durations.dat' using 1:2 with impulses lw 6 title '{pair.LabelA}', '' using ($1+0.3):3 with impulses lw 3 title '{pair.LabelB} (drawn 0.3 cycle right)'",
        string.Empty);

    private static bool Render(string script, string directory)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("gnuplot", Path.GetFileName(script))
            {
                WorkingDirectory = directory,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }

            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // gnuplot is not installed: the .dat and .gp files are still there to render later.
        }
    }
}

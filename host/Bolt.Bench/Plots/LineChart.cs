using ScottPlot;
using ScottPlot.TickGenerators;

namespace Bolt.Bench.Plots;

/// <summary>
/// A line chart written in-process as PNG and SVG (ScottPlot on SkiaSharp; no system package needed). Series
/// are added as (x, y) points; a logarithmic y axis plots log10 of the values with decade labels.
/// </summary>
internal sealed class LineChart : IDisposable
{
    private const int Width = 900;
    private const int Height = 560;
    private readonly Plot _plot = new();
    private readonly bool _logY;

    /// <summary>Creates an empty chart; <paramref name="xFormat"/> labels an x value (20 → "2^20"), null for plain numbers.</summary>
    public LineChart(string title, string xLabel, string yLabel, bool logY = false, Func<double, string>? xFormat = null)
    {
        _logY = logY;
        _plot.Title(title);
        _plot.XLabel(xLabel);
        _plot.YLabel(yLabel + (logY ? " (log scale)" : string.Empty));
        if (xFormat is not null)
        {
            _plot.Axes.Bottom.TickGenerator = new NumericAutomatic { LabelFormatter = xFormat, IntegerTicksOnly = true };
        }

        if (logY)
        {
            _plot.Axes.Left.TickGenerator = new NumericAutomatic
            {
                MinorTickGenerator = new LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = y => FormatDecade(Math.Pow(10, y)),
            };
        }
    }

    /// <summary>Adds a series; points with non-positive y are left out of a log chart.</summary>
    public LineChart Series(string label, IReadOnlyList<double> xs, IReadOnlyList<double> ys, bool dashed = false, bool markers = true)
    {
        var points = xs.Zip(ys).Where(p => !_logY || p.Second > 0).ToArray();
        if (points.Length == 0)
        {
            return this;
        }

        var scatter = _plot.Add.Scatter(points.Select(p => p.First).ToArray(), points.Select(p => _logY ? Math.Log10(p.Second) : p.Second).ToArray());
        scatter.LegendText = label;
        scatter.LineWidth = 2;
        scatter.MarkerSize = markers ? 7 : 0;
        if (dashed)
        {
            scatter.LinePattern = LinePattern.Dashed;
        }

        return this;
    }

    /// <summary>Writes <paramref name="stem"/>.png and <paramref name="stem"/>.svg into <paramref name="directory"/>; returns the two paths.</summary>
    public IEnumerable<string> Save(string directory, string stem)
    {
        _plot.ShowLegend(Edge.Bottom);
        string png = Path.Combine(directory, stem + ".png");
        string svg = Path.Combine(directory, stem + ".svg");
        _plot.SavePng(png, Width, Height);
        _plot.SaveSvg(svg, Width, Height);
        return [png, svg];
    }

    /// <summary>Releases the plot's drawing resources.</summary>
    public void Dispose() => _plot.Dispose();

    private static string FormatDecade(double value) => value switch
    {
        >= 1e9 => $"{value / 1e9:G3}G",
        >= 1e6 => $"{value / 1e6:G3}M",
        >= 1e3 => $"{value / 1e3:G3}k",
        _ => $"{value:G3}",
    };
}

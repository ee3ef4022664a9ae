using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Bolt.Cli.Commands;

/// <summary>
/// Runs long work with progress: a live bar on an interactive terminal; otherwise a line on stderr when the work
/// starts, every <see cref="LineInterval"/> and when it ends, so a long run in a log or CI is never silent.
/// </summary>
internal static class Progress
{
    /// <summary>Time between progress lines when the console is not interactive.</summary>
    public static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(10);

    /// <param name="quiet">No live bar (the output is JSON); progress lines on stderr still appear.</param>
    /// <param name="total">Units of work, for the percentage.</param>
    /// <param name="label">What the work is, e.g. "load".</param>
    /// <param name="work">The work, given the progress sink to report units done to.</param>
    public static T Run<T>(bool quiet, long total, string label, Func<IProgress<long>?, T> work)
    {
        if (total <= 0)
        {
            return work(null);
        }

        if (quiet || !Terminal.Interactive)
        {
            return RunWithLines(total, label, work);
        }

        T result = default!;
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(label, maxValue: total);
                result = work(new Progress<long>(done => task.Value = done));
                task.Value = total;
            });
        return result;
    }

    private static T RunWithLines<T>(long total, string label, Func<IProgress<long>?, T> work)
    {
        var clock = Stopwatch.StartNew();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bolt: {label}: started, {total:N0} to do"));
        var lines = new LineProgress(total, label, clock);
        var result = work(lines);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bolt: {label}: done, {total:N0} in {clock.Elapsed.TotalSeconds:F1} s"));
        return result;
    }

    /// <summary>Writes a line when a report arrives at least <see cref="LineInterval"/> after the previous line.</summary>
    private sealed class LineProgress(long total, string label, Stopwatch clock) : IProgress<long>
    {
        private TimeSpan _next = LineInterval;

        public void Report(long value)
        {
            var now = clock.Elapsed;
            if (now < _next)
            {
                return;
            }

            _next = now + LineInterval;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bolt: {label}: {100.0 * value / total:F0}% ({value:N0} of {total:N0}), {now.TotalSeconds:F0} s"));
        }
    }
}

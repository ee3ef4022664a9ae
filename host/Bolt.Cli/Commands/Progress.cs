using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Bolt.Cli.Commands;

/// <summary>
/// Runs long work with progress: a live bar on an interactive terminal; otherwise a line on stderr when the work
/// starts, every <see cref="LineInterval"/> while it runs and when it ends, so a long run in a log or CI is never silent.
/// </summary>
internal static class Progress
{
    /// <summary>Time between progress lines when the console is not interactive: 10 s, or BOLT_PROGRESS_SECONDS.</summary>
    public static TimeSpan LineInterval { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("BOLT_PROGRESS_SECONDS"), CultureInfo.InvariantCulture, out double seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(10);

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

        // A timer, not the reports, paces the lines: a phase that reports nothing for a while (a device loading
        // what the client already encoded) still shows it is alive.
        using (var timer = new Timer(_ => lines.WriteLine(), null, LineInterval, LineInterval))
        {
            var result = work(lines);
            timer.Dispose();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bolt: {label}: done, {total:N0} in {clock.Elapsed.TotalSeconds:F1} s"));
            return result;
        }
    }

    /// <summary>Remembers the latest count reported; <see cref="WriteLine"/> prints it with the time so far.</summary>
    private sealed class LineProgress(long total, string label, Stopwatch clock) : IProgress<long>
    {
        private long _done;

        public void Report(long value) => Interlocked.Exchange(ref _done, value);

        public void WriteLine()
        {
            long done = Interlocked.Read(ref _done);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bolt: {label}: {100.0 * done / total:F0}% ({done:N0} of {total:N0}), {clock.Elapsed.TotalSeconds:F0} s"));
        }
    }
}

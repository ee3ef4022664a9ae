using Spectre.Console;

namespace Bolt.Cli.Commands;

/// <summary>Runs long work under a Spectre progress bar, or quietly when the output is JSON or not a terminal.</summary>
internal static class Progress
{
    public static T Run<T>(bool quiet, long total, string label, Func<IProgress<long>?, T> work)
    {
        if (quiet || Console.IsOutputRedirected || total <= 0)
        {
            return work(null);
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
}

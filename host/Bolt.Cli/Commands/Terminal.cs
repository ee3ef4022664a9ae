using Spectre.Console;

namespace Bolt.Cli.Commands;

/// <summary>
/// What the console is: an interactive terminal gets colour, tables fitted to its width and live progress bars;
/// anything else (a file, a pipe, NO_COLOR, TERM=dumb) gets plain text — no escape codes, tables never wrapped —
/// and progress as occasional lines on stderr.
/// </summary>
internal static class Terminal
{
    /// <summary>Width given to tables when the output is not a terminal: wide enough that no row wraps.</summary>
    private const int UnwrappedWidth = 4096;

    /// <summary>True when stdout is a terminal that may get escape codes and live progress.</summary>
    public static bool Interactive { get; private set; }

    /// <summary>Sets up <see cref="AnsiConsole"/> for this process's stdout.</summary>
    public static void Configure()
    {
        bool redirected = Console.IsOutputRedirected;
        bool noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            || string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
        Interactive = !redirected && !noColor && !Console.IsErrorRedirected;
        var settings = new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) };
        if (redirected || noColor)
        {
            settings.Ansi = AnsiSupport.No;
            settings.ColorSystem = ColorSystemSupport.NoColors;
            settings.Interactive = InteractionSupport.No;
        }

        var console = AnsiConsole.Create(settings);
        if (redirected)
        {
            console.Profile.Width = UnwrappedWidth;
        }

        AnsiConsole.Console = console;
    }
}

using System.CommandLine;
using Bolt.Cli.Commands;

namespace Bolt.Cli;

/// <summary>The `bolt` command line.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        Terminal.Configure();
        var root = new RootCommand("Bolt: an oblivious key-value map accelerator and its host runtime. " + ExitCodes.Help)
        {
            YcsbCommand.Create(),
            TraceCommand.Create(),
            InfoCommand.Create(),
            CosimCommand.Create(),
            LeakageCommand.Create(),
            DemoCommand.Create(),
            ServeCommand.Create(),
            StatsCommand.Create(),
            CheckpointCommand.Create(),
            CalibrateCommand.Create(),
            BenchCommand.Create(),
            ClusterCommand.Create(),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One convention for every error: lines on stderr and a usage exit code, never the help on stdout.
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"bolt: {error.Message}");
            }

            string command = parse.CommandResult.Command == root ? "bolt" : $"bolt {parse.CommandResult.Command.Name}";
            Console.Error.WriteLine($"bolt: see '{command} --help'.");
            return ExitCodes.Usage;
        }

        return parse.Invoke();
    }
}

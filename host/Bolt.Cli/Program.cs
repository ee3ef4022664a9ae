using System.CommandLine;
using Bolt.Cli.Commands;

namespace Bolt.Cli;

/// <summary>The `bolt` command line.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("Bolt: an oblivious key-value map accelerator and its host runtime")
        {
            YcsbCommand.Create(),
            TraceCommand.Create(),
            InfoCommand.Create(),
            CosimCommand.Create(),
            LeakageCommand.Create(),
            DemoCommand.Create(),
            ServeCommand.Create(),
            StatsCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}

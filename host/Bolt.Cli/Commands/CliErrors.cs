using Bolt.Core;

namespace Bolt.Cli.Commands;

/// <summary>Turns Bolt's typed errors into one clear line on stderr and exit code 2.</summary>
internal static class CliErrors
{
    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (BoltConfigurationException e)
        {
            Console.Error.WriteLine($"bolt: invalid --{e.Parameter.Replace("Capacity", "capacity", StringComparison.Ordinal)}: {e.Message}");
            return 2;
        }
        catch (BoltException e)
        {
            Console.Error.WriteLine($"bolt: {e.Message}");
            return 2;
        }
    }
}

using Bolt.Core;

namespace Bolt.Cli.Commands;

/// <summary>
/// Turns every error a command can hit into one line on stderr ("bolt: …") and its exit code (<see cref="ExitCodes"/>).
/// Parameter errors raised by the library name the API parameter (<c>valueSize</c>); the line names the option
/// the user typed (<c>--value-size</c>).
/// </summary>
internal static class CliErrors
{
    /// <summary>API parameter names (<see cref="BoltParameters"/>) and the options that set them.</summary>
    private static readonly Dictionary<string, string> OptionNames = new(StringComparer.Ordinal)
    {
        ["capacity"] = "--capacity",
        ["valueSize"] = "--value-size",
        ["hbmFraction"] = "--hbm-fraction",
        ["binFactor"] = "--bin-factor",
        ["stashCapacity"] = "--stash",
        ["slotsPerBin"] = "--slots-per-bin",
        ["sessionSlots"] = "--session-slots",
        ["platform"] = "--platform",
    };

    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (BoltConfigurationException e)
        {
            return Fail(OptionMessage(e), ExitCodes.Usage);
        }
        catch (OutputPathException e)
        {
            return Fail(e.Message, ExitCodes.Output);
        }
        catch (BoltException e)
        {
            return Fail(e.Message, ExitCodes.Device);
        }
    }

    /// <summary>Writes one error line to stderr and returns <paramref name="code"/>.</summary>
    public static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"bolt: {message}");
        return code;
    }

    /// <summary>The message with the API's parameter name replaced by the option's name.</summary>
    public static string OptionMessage(BoltConfigurationException e)
    {
        if (!OptionNames.TryGetValue(e.Parameter, out var option))
        {
            return e.Message;
        }

        return e.Message.StartsWith(e.Parameter + " ", StringComparison.Ordinal) ? option + e.Message[e.Parameter.Length..] : $"{option}: {e.Message}";
    }
}

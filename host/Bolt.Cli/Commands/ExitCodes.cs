namespace Bolt.Cli.Commands;

/// <summary>
/// The exit codes every `bolt` command uses, one meaning each; <see cref="Help"/> is printed by `bolt --help`.
/// Errors always go to stderr, one line starting "bolt: "; results go to stdout.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command ran and everything it checked held.</summary>
    public const int Ok = 0;

    /// <summary>The command ran to the end and reports a failed check (mismatches, a leak, a missed control, a difference).</summary>
    public const int CheckFailed = 1;

    /// <summary>The command line is wrong: an unknown option, a missing or malformed value, a value out of range.</summary>
    public const int Usage = 2;

    /// <summary>An output path cannot be written (checked before any work starts).</summary>
    public const int Output = 3;

    /// <summary>The device or a tool it needs failed (no OpenCL platform, a device fault, a refused load).</summary>
    public const int Device = 4;

    /// <summary>The exit codes, as `bolt --help` lists them.</summary>
    public const string Help =
        "Exit codes: 0 ok; 1 the run finished and a check failed (mismatches, a leak, a missed control, a difference); "
        + "2 bad command line (errors name the option); 3 an output path cannot be written; 4 the device or a tool it needs failed. "
        + "Errors go to stderr; results to stdout.";
}

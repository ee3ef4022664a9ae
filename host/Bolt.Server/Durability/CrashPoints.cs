using System.Runtime.InteropServices;

namespace Bolt.Server.Durability;

/// <summary>
/// Test-only crash injection for the kill -9 campaign: with <c>BOLT_CRASH_POINT=NAME:K</c> in its environment, the
/// process sends itself SIGKILL the K-th time it reaches the point NAME, so a test can kill a real daemon inside a
/// window too narrow to hit from outside (between a checkpoint's rename and the log rotation, between creating a log
/// segment and writing its header, between the two deletions of a truncation). Without the variable every call is one comparison.
/// </summary>
internal static partial class CrashPoints
{
    private static readonly (string Name, int Count)? Armed = Parse(Environment.GetEnvironmentVariable("BOLT_CRASH_POINT"));
    private static int _reached;

    /// <summary>The points: where in a checkpoint, a truncation or a commit the process may be killed.</summary>
    public static readonly string[] Names = ["checkpoint-written", "checkpoint-renamed", "log-created", "log-rotated", "log-truncated", "log-synced"];

    public static void Reach(string name)
    {
        if (Armed is { } armed && armed.Name == name && Interlocked.Increment(ref _reached) == armed.Count)
        {
            _ = Kill(Environment.ProcessId, 9);
        }
    }

    private static (string, int)? Parse(string? value)
    {
        if (value is null || value.Split(':') is not [var name, var count] || !int.TryParse(count, out int k))
        {
            return null;
        }

        return (name, k);
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}

using System.Diagnostics;

namespace Bolt.Bench.Sweep;

/// <summary>
/// The process's peak resident memory per configuration. Linux keeps the high-water mark (VmHWM) and lets a
/// process reset it (writing 5 to /proc/self/clear_refs), so each configuration gets its own peak; elsewhere
/// the process-wide peak is reported.
/// </summary>
internal static class PeakMemory
{
    /// <summary>Frees what earlier configurations left and starts a new high-water mark.</summary>
    public static void Reset()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or not allowed: the process-wide peak is what Read reports.
        }
    }

    /// <summary>The peak resident bytes since the last <see cref="Reset"/> (or since start).</summary>
    public static long Read()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // Fall through to the portable figure.
        }

        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Xunit;

namespace Bolt.Tests.Cluster;

/// <summary>Real `bolt` child processes for multi-process cluster tests: started and waited for, signalled, given free loopback ports.</summary>
internal static partial class ClusterProcesses
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Starts `bolt ARGS` and waits for its first stdout line, which must start with <paramref name="ready"/>.</summary>
    public static Process Start(string ready, params string[] args) => Start(ready, null, args);

    /// <summary>As <see cref="Start(string, string[])"/>, handing later stdout lines to <paramref name="onLine"/>.</summary>
    public static Process Start(string ready, Action<string>? onLine, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(Bolt.Cli.Program).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        try
        {
            string? line = process.StandardOutput.ReadLine();
            Assert.True(line?.StartsWith(ready, StringComparison.Ordinal), $"expected '{ready}', got '{line}'");
        }
        catch
        {
            process.Kill(entireProcessTree: true); // a process that never got ready must not outlive the test
            throw;
        }

        // Later lines (a durable silo's recovery report) go to onLine, and must not fill the pipe.
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } later)
            {
                onLine?.Invoke(later);
            }
        });
        return process;
    }

    /// <summary>Sends <paramref name="signal"/> to the process.</summary>
    public static void Signal(Process process, int signal) => Assert.Equal(0, kill(process.Id, signal));

    /// <summary>SIGTERM, then SIGKILL after 20 s, for every process still running.</summary>
    public static void StopAll(IEnumerable<Process> processes)
    {
        foreach (var process in processes.Where(p => !p.HasExited))
        {
            kill(process.Id, SigTerm);
            if (!process.WaitForExit(20_000))
            {
                process.Kill();
            }
        }
    }

    /// <summary>Loopback ports free a moment ago.</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        int[] ports = [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}

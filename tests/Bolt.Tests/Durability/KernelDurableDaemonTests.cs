using System.Diagnostics;
using System.Runtime.InteropServices;
using Bolt.Client;
using Bolt.Core.Channel;
using Bolt.Remote;
using Bolt.Sim;
using Xunit;

namespace Bolt.Tests.Durability;

/// <summary>
/// `bolt serve --data DIR --device opencl` on PoCL: a real daemon process whose device is the kernel, killed with
/// SIGKILL after acknowledged writes (some before a checkpoint, some only in the log), restarts from the kernel's own
/// sealed checkpoint plus the log and reads every acknowledged write back. (The full kill campaign runs on the
/// simulator: CrashCampaignTests.)
/// </summary>
public sealed class KernelDurableDaemonTests : IDisposable
{
    private const long Seed = 91;
    private readonly string _root = Directory.CreateTempSubdirectory("bolt-kernel-durable-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Socket => Path.Combine(_root, "bolt.sock");

    [Fact]
    public async Task A_kernel_daemon_killed_with_sigkill_recovers_every_acknowledged_write()
    {
        var provisioning = ChannelKdf.ProvisioningKey(SimulatedDeviceOptions.InsecureFixedKey(Seed));
        var first = Start(out var started);
        Assert.Contains(started, line => line.StartsWith("bolt serve: new data directory", StringComparison.Ordinal));
        using (var map = ObliviousMap.Connect(RemoteDevice.Connect("unix:" + Socket), provisioning, new byte[16], ownsDevice: true))
        {
            // 30 puts: with --checkpoint-every 8 the daemon takes checkpoints (the kernel's export) between them.
            for (int k = 0; k < 30; k++)
            {
                Assert.True(await map.PutAsync(k, BitConverter.GetBytes(k * 7)));
            }
        }

        Assert.Equal(0, kill(first.Id, 9));
        first.WaitForExit();

        var second = Start(out var recovered);
        try
        {
            Assert.Contains(recovered, line => line.StartsWith("bolt serve: recovered checkpoint", StringComparison.Ordinal));
            using var map = ObliviousMap.Connect(RemoteDevice.Connect("unix:" + Socket), provisioning, new byte[16], ownsDevice: true);
            for (int k = 0; k < 30; k++)
            {
                Assert.Equal(BitConverter.GetBytes(k * 7), await map.GetAsync(k));
            }
        }
        finally
        {
            _ = kill(second.Id, 9);
            second.WaitForExit();
        }
    }

    private Process Start(out List<string> lines)
    {
        string bolt = typeof(Bolt.Cli.Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                bolt, "serve", "--device", "opencl", "--platform", "Portable", "--data", Path.Combine(_root, "data"), "--seed", Seed.ToString(),
                "--socket", Socket, "--tcp", "off", "--capacity", "1024", "--value-size", "16", "--session-slots", "4",
                "--key-file", Socket + ".key", "--checkpoint-every", "8",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        var errors = new List<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                if (e.Data is not null && errors.Count < 20)
                {
                    errors.Add(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        lines = [];
        while (process.StandardOutput.ReadLine() is { } line)
        {
            lines.Add(line);
            if (line.StartsWith("bolt serve: listening", StringComparison.Ordinal))
            {
                return process;
            }
        }

        process.WaitForExit();
        lock (errors)
        {
            throw new Xunit.Sdk.XunitException($"bolt serve --device opencl --data exited with {process.ExitCode}:\n{string.Join('\n', [.. lines, .. errors])}");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}

using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using Bolt.Cli.Serving;
using Bolt.Remote;
using Bolt.Remote.Protocol;
using Xunit;

namespace Bolt.Tests.Serving;

/// <summary>
/// `bolt serve` as a real child process: 64 client enclaves at once over its Unix socket, each with its own session
/// and reference, while malformed and slow clients run alongside; then SIGTERM stops it cleanly. CI runs 64 × 1,000
/// mixed ops; BOLT_SERVE_OPS=10000 runs the full 64 × 10^4.
/// </summary>
public sealed class ServeProcessTests
{
    private static readonly int OpsPerClient = int.TryParse(Environment.GetEnvironmentVariable("BOLT_SERVE_OPS"), out int n) ? n : 1000;

    [Fact]
    public async Task Sixty_four_clients_alongside_malformed_and_slow_ones_all_get_their_own_answers_then_SIGTERM_stops_it()
    {
        string socket = Path.Combine(Path.GetTempPath(), $"bolt-serve-{Guid.NewGuid():N}.sock");
        using var daemon = StartServe(socket);
        try
        {
            await RunAgainst(daemon, socket);
        }
        finally
        {
            if (!daemon.HasExited)
            {
                daemon.Kill();
            }
        }
    }

    private static async Task RunAgainst(Process daemon, string socket)
    {
        string address = "unix:" + socket;
        var provisioningKey = ProvisioningKeyFile.Read(socket + ".key"); // the daemon drew a random device key
        File.Delete(socket + ".key");
        using var stop = new CancellationTokenSource();
        var malformed = Enumerable.Range(0, 3).Select(i => Task.Factory.StartNew(() => SendGarbage(socket, i, stop.Token), TaskCreationOptions.LongRunning)).ToArray();
        var slow = Task.Factory.StartNew(() => FloodWithoutReading(socket, stop.Token), TaskCreationOptions.LongRunning);

        var outcome = await MultiClientRun.RunAsync(_ => RemoteDevice.Connect(address), provisioningKey, clients: 64, opsPerClient: OpsPerClient,
            batch: 8, keysPerClient: 256, readRatio: 0.5, seed: 11);
        await stop.CancelAsync();
        int garbage = (await Task.WhenAll(malformed)).Sum();
        await slow;

        Assert.Equal(64L * OpsPerClient, outcome.Ops);
        Assert.Equal(0, outcome.Mismatches);
        Assert.True(garbage > 0);
        using (var stats = RemoteDevice.Connect(address))
        {
            using var json = JsonDocument.Parse(stats.QueryStatistics());
            Assert.True(json.RootElement.GetProperty("protocolErrors").GetInt64() >= garbage);
            Assert.True(json.RootElement.GetProperty("opsRelayed").GetInt64() >= 64L * OpsPerClient);
        }

        Assert.Equal(0, kill(daemon.Id, 15));
        Assert.True(daemon.WaitForExit(30_000), "the daemon did not stop on SIGTERM");
        Assert.Equal(0, daemon.ExitCode);
        Assert.False(File.Exists(socket));
    }

    private static Process StartServe(string socket)
    {
        string bolt = typeof(Bolt.Cli.Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { bolt, "serve", "--socket", socket, "--tcp", "off", "--capacity", "65536", "--value-size", "16", "--key-file", socket + ".key" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        string? line = process.StandardOutput.ReadLine();
        Assert.StartsWith("bolt serve: listening", line, StringComparison.Ordinal);
        return process;
    }

    /// <summary>Connects again and again with broken streams; returns how many the daemon closed with an error.</summary>
    private static int SendGarbage(string socket, int seed, CancellationToken stop)
    {
        var fuzzer = new Random(seed);
        int closed = 0;
        for (int round = 0; round < 10 || !stop.IsCancellationRequested; round++)
        {
            using var client = RawClient.Connect(socket, hello: fuzzer.Next(2) == 0);
            var junk = new byte[fuzzer.Next(5, 200)];
            fuzzer.NextBytes(junk);
            junk[4] = 200; // an unknown type, should the bytes pass as a header
            try
            {
                client.SendRaw(junk);
            }
            catch (SocketException)
            {
                // Closed already.
            }

            var replies = client.ReadToEnd();
            if (replies.Count > 0 && replies[^1].Type == MessageType.Error && ErrorMessage.Decode(replies[^1].Payload).ClosesConnection)
            {
                closed++;
            }

            Thread.Sleep(20);
        }

        return closed;
    }

    /// <summary>Pipelines stats requests and never reads a reply, until the daemon gives up on it or the run ends.</summary>
    private static void FloodWithoutReading(string socket, CancellationToken stop)
    {
        using var client = RawClient.Connect(socket);
        client.Socket.ReceiveBufferSize = 4096;
        client.Socket.SendTimeout = 1000;
        var request = RawClient.Message(MessageType.StatsRequest, default);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                client.SendRaw(request);
            }
        }
        catch (SocketException)
        {
            // The daemon stopped reading it (backpressure) or closed it.
        }
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // a single libc call in a test; the source generator buys nothing here
    private static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}

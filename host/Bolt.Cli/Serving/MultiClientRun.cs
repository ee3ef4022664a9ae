using System.Diagnostics;
using System.Security.Cryptography;
using Bolt.Client;
using Bolt.Core;
using Bolt.Core.Device;

namespace Bolt.Cli.Serving;

/// <summary>What a multi-client run measured.</summary>
public sealed record MultiClientOutcome
{
    /// <summary>Clients that ran at once.</summary>
    public int Clients { get; init; }

    /// <summary>Requests per batch call.</summary>
    public int Batch { get; init; }

    /// <summary>Ops served, all clients together.</summary>
    public long Ops { get; init; }

    /// <summary>Answers that differed from the clients' references.</summary>
    public long Mismatches { get; init; }

    /// <summary>Wall seconds from the first client's start to the last one's end.</summary>
    public double WallSeconds { get; init; }

    /// <summary>Ops per wall second.</summary>
    public double OpsPerSecond => WallSeconds > 0 ? Ops / WallSeconds : 0;

    /// <summary>Median wall latency of one batch call, in microseconds.</summary>
    public double P50Us { get; init; }

    /// <summary>99th-percentile wall latency of one batch call, in microseconds.</summary>
    public double P99Us { get; init; }
}

/// <summary>
/// Runs K clients at once, each with its own device connection (made by <c>connect</c>), its own sealed session and
/// its own <see cref="ClientWorkload"/>, and gathers throughput, latency and the reference checks.
/// </summary>
public static class MultiClientRun
{
    /// <summary>Runs the clients; each gets <paramref name="opsPerClient"/> ops over <paramref name="keysPerClient"/> keys.</summary>
    public static async Task<MultiClientOutcome> RunAsync(Func<int, IBoltDevice> connect, byte[] provisioningKey, int clients, long opsPerClient,
        int batch, int keysPerClient, double readRatio, long seed)
    {
        ArgumentNullException.ThrowIfNull(connect);
        var maps = new ObliviousMap[clients];
        var workloads = new ClientWorkload[clients];
        try
        {
            for (int c = 0; c < clients; c++)
            {
                // A fresh PRF key per client, as a real enclave draws it: keys of earlier runs on the same daemon stay out of sight.
                maps[c] = ObliviousMap.Connect(connect(c), provisioningKey, RandomNumberGenerator.GetBytes(16), ownsDevice: true);
                workloads[c] = new ClientWorkload(maps[c], c, keysPerClient, readRatio, seed);
            }

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(workloads.Select(w => Task.Run(() => w.RunAsync(opsPerClient, batch)))).ConfigureAwait(false);
            clock.Stop();
            var ticks = workloads.SelectMany(w => w.CallTicks).Order().ToArray();
            return new MultiClientOutcome
            {
                Clients = clients,
                Batch = batch,
                Ops = workloads.Sum(w => w.Ops),
                Mismatches = workloads.Sum(w => w.Mismatches),
                WallSeconds = clock.Elapsed.TotalSeconds,
                P50Us = Percentile(ticks, 0.50),
                P99Us = Percentile(ticks, 0.99),
            };
        }
        finally
        {
            foreach (var map in maps)
            {
                map?.Dispose();
            }
        }
    }

    /// <summary>Keys per client: enough to hit and miss, and all clients' together well within the capacity.</summary>
    public static int KeysPerClient(BoltParameters parameters, int clients)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Math.Clamp(parameters.Capacity / (2 * Math.Max(clients, 1)), 1, 4096);
    }

    private static double Percentile(long[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))] * 1e6 / Stopwatch.Frequency;
}

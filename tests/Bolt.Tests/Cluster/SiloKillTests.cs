using System.Diagnostics;
using Bolt.Cluster.Client;
using Bolt.Core;
using Bolt.Core.Channel;
using Xunit;
using Xunit.Abstractions;

namespace Bolt.Tests.Cluster;

/// <summary>
/// kill -9 of a real silo process in the middle of a checked mixed workload (<see cref="OutageWorkload"/>, 8 callers) on a
/// two-silo cluster (<see cref="KillableCluster"/>). With durable shards (`bolt cluster --data`) the silo restarted on its
/// directory loses no acknowledged write and the map still matches the model; without durability its shards' callers
/// get typed errors saying the state is gone, never a wrong value. CI runs one kill and about 400 calls per phase; the
/// full campaign: <c>BOLT_CLUSTER_KILLS=10 BOLT_CLUSTER_KILL_OPS=10000 dotnet test tests/Bolt.Tests -c Release --filter FullyQualifiedName~SiloKillTests</c>.
/// </summary>
public sealed class SiloKillTests(ITestOutputHelper output)
{
    private static int Kills => int.TryParse(Environment.GetEnvironmentVariable("BOLT_CLUSTER_KILLS"), out int n) ? n : 1;

    private static int OpsPerPhase => int.TryParse(Environment.GetEnvironmentVariable("BOLT_CLUSTER_KILL_OPS"), out int n) ? n : 400;

    private static ShardedMapOptions Options => new() { EpochLength = TimeSpan.FromMilliseconds(5) };

    [Fact]
    public async Task A_durable_silo_killed_mid_run_and_restarted_on_its_data_loses_no_acknowledged_write()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await KillableCluster.StartAsync(durable: true);
        var workload = new OutageWorkload(workers: 8, keysPerWorker: 32);
        await using var map = await ShardedObliviousMap.CreateAsync(cluster.Connection.Client, cluster.ProvisioningKeys, new byte[16], workload.Initial, Options);
        using var stop = new CancellationTokenSource();
        var run = workload.RunAsync(map, seed: 11, stop.Token);
        try
        {
            for (int kill = 0; kill < Kills; kill++)
            {
                await WaitForAsync(() => workload.Acknowledged >= (2L * kill + 1) * OpsPerPhase, "calls before the kill", run);
                long failed = workload.Failed;
                cluster.KillSecond();
                await WaitForAsync(() => workload.Failed > failed, "a typed error during the outage", run);
                cluster.RestartSecond();
                await WaitForAsync(() => workload.Acknowledged >= (2L * kill + 2) * OpsPerPhase, "calls after the restart", run);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }

        // Every key reads back a value the model allows (its acknowledged one, or an in-doubt write's), which settles it.
        var unreadable = await workload.ReadBackAsync(map, e => e is DeviceConnectionException, DateTime.UtcNow + TimeSpan.FromSeconds(90));
        Report(workload, unreadable, clock);
        output.WriteLine($"after the last restart: {string.Join("; ", cluster.RecoveryReports)}");
        Assert.Empty(unreadable);
        Assert.Empty(workload.Mismatches);
        Assert.NotEmpty(workload.Errors);
        Assert.All(workload.Errors, e => Assert.True(
            e is DeviceConnectionException or SessionEvictedException || (e is ChannelViolationException v && v.Fault != ChannelFault.RolledBack),
            $"a durable shard's outage gave {e.GetType().Name}: {e.Message}"));
        Assert.Contains(cluster.RecoveryReports, line => line.Contains("recovered checkpoint", StringComparison.Ordinal));

        // The map still matches the model exactly: every key settled, and a last checked round agrees.
        Assert.Equal(0, workload.InDoubt);
        Assert.Empty(await workload.ReadBackAsync(map, _ => false, DateTime.UtcNow));
        Assert.Empty(workload.Mismatches);
    }

    [Fact]
    public async Task A_silo_killed_without_durability_gives_typed_errors_never_a_wrong_value()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await KillableCluster.StartAsync(durable: false);
        var workload = new OutageWorkload(workers: 8, keysPerWorker: 32);
        await using var map = await ShardedObliviousMap.CreateAsync(cluster.Connection.Client, cluster.ProvisioningKeys, new byte[16], workload.Initial, Options);
        using var stop = new CancellationTokenSource();
        var run = workload.RunAsync(map, seed: 12, stop.Token);
        try
        {
            await WaitForAsync(() => workload.Acknowledged >= OpsPerPhase, "calls before the kill", run);
            cluster.KillSecond();
            cluster.RestartSecond(); // fresh, empty devices for shards 2 and 3
            await WaitForAsync(() => workload.Errors.Any(LostState), "an error saying the shard lost its state", run);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }

        var unreadable = await workload.ReadBackAsync(map, e => e is DeviceConnectionException or SessionEvictedException, DateTime.UtcNow + TimeSpan.FromSeconds(60));
        Report(workload, unreadable, clock);
        Assert.Empty(workload.Mismatches); // no read ever returned a value the model does not allow
        Assert.All(workload.Errors, e => Assert.True(e is DeviceConnectionException or SessionEvictedException or DeviceStateException or ChannelViolationException,
            $"{e.GetType().Name}: {e.Message}"));
        Assert.NotEmpty(unreadable);
        Assert.All(unreadable.Values, e => Assert.True(LostState(e), $"{e.GetType().Name}: {e.Message}"));
        Assert.True(unreadable.Count < workload.Keys.Count(), "the primary's shards kept answering");
    }

    /// <summary>An error that says the device lost its state: it holds no map, or its sessions and commits went backwards.</summary>
    private static bool LostState(Exception e) => e is DeviceStateException || (e is ChannelViolationException v && v.Fault == ChannelFault.RolledBack);

    private static async Task WaitForAsync(Func<bool> condition, string what, Task run)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!condition())
        {
            if (run.IsCompleted)
            {
                await run; // a worker failed: show why
            }

            Assert.True(DateTime.UtcNow < deadline, $"waited 120 s for {what}");
            await Task.Delay(50);
        }
    }

    private void Report(OutageWorkload workload, Dictionary<string, Exception> unreadable, Stopwatch clock)
    {
        var kinds = workload.Errors.GroupBy(e => e is ChannelViolationException v ? $"ChannelViolationException({v.Fault})" : e.GetType().Name)
            .Select(g => $"{g.Key} × {g.Count()}");
        output.WriteLine($"{workload.Acknowledged} calls answered, {workload.Failed} failed ({string.Join(", ", kinds)}); "
            + $"{unreadable.Count} keys unreadable at the end; {workload.Mismatches.Count} mismatches; {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var mismatch in workload.Mismatches.Take(10))
        {
            output.WriteLine(mismatch);
        }
    }
}

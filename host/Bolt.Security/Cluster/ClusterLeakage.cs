using Bolt.Client;
using Bolt.Cluster.Client;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Core.Trace;
using Bolt.Security.Experiments;
using Bolt.Security.Features;
using Bolt.Security.Statistics;
using Bolt.Security.Workloads;
using Bolt.Sim;

namespace Bolt.Security.Cluster;

/// <summary>
/// The cluster pair: the same number of requests per epoch, as a hot key, as uniform keys, or as keys of one shard only,
/// through a <see cref="ShardedObliviousMap"/> over S simulated shard devices. What each shard's host sees — the sealed
/// frames of every epoch (count and sizes) and the device's own host-memory trace — must not depend on the workload:
/// the frames must be identical epoch by epoch, and every shard's trace must pass the suite's per-trace battery
/// (<see cref="PairTests"/>) against its uniform counterpart. The positive control sizes each epoch's batches by the real
/// maximum per-shard load (the contact-discovery rule); its frames must differ.
/// Each side runs with its own device keys and PRF key, as the distinguishing games require.
/// </summary>
public sealed class ClusterLeakage(ClusterLeakageOptions options)
{
    private static readonly ClusterWorkloadKind[] Compared = [ClusterWorkloadKind.HotKey, ClusterWorkloadKind.OneShard];

    /// <summary>Runs the product rule on every workload, the per-shard battery, and the control.</summary>
    public ClusterLeakageReport Run()
    {
        var uniform = RunSide(ClusterWorkloadKind.Uniform, BatchSizing.SnoopyBound, 0);
        var frames = new List<ClusterFrameCheck>();
        var raw = new List<(string Pair, FeatureTest Test)>();
        long mismatches = uniform.Errors;
        string? firstFailure = uniform.FirstFailure;
        int role = 1;
        foreach (var kind in Compared)
        {
            var side = RunSide(kind, BatchSizing.SnoopyBound, role++);
            mismatches += side.Errors;
            firstFailure ??= side.FirstFailure;
            frames.Add(new ClusterFrameCheck(kind, "snoopy", FirstDifference(uniform, side) is null, side.BatchSizes, FirstDifference(uniform, side)));
            for (int s = 0; s < options.Shards; s++)
            {
                var random = new Random(SuiteSeeds.Derive(options.Seed, 900 + s, role, 0));
                raw.AddRange(PairTests.Run(uniform.Features[s], side.Features[s], options.Parameters.HostPages, options.Permutations, random)
                    .Select(t => ($"cluster uniform vs {kind}, shard {s}", t)));
            }
        }

        // The control: the same workloads with batches sized by the real maximum load.
        var controlUniform = RunSide(ClusterWorkloadKind.Uniform, BatchSizing.ObservedMaximum, 10);
        foreach (var kind in Compared)
        {
            var side = RunSide(kind, BatchSizing.ObservedMaximum, 10 + role++);
            var difference = FirstDifference(controlUniform, side);
            frames.Add(new ClusterFrameCheck(kind, "observed-max", difference is null, side.BatchSizes, difference));
        }

        var adjusted = HolmCorrection.Adjust(raw.Select(r => r.Test.Result.PValue).ToArray());
        var tests = raw.Select((r, k) => new TestOutcome(r.Pair, r.Test.Feature, r.Test.Adversary, r.Test.Result.Method,
            r.Test.Result.Statistic, r.Test.Result.PValue, adjusted[k], adjusted[k] <= options.Alpha, r.Test.Result.Detail)).ToList();
        return new ClusterLeakageReport { Options = options, Frames = frames, ShardTraceTests = tests, Mismatches = mismatches, FirstFailure = firstFailure };
    }

    /// <summary>Where two sides' per-shard frames first differ (epoch, shard, frame), or null when identical.</summary>
    private string? FirstDifference(SideRun a, SideRun b)
    {
        for (int e = 0; e < options.Epochs; e++)
        {
            for (int s = 0; s < options.Shards; s++)
            {
                var fa = a.Frames[s][e];
                var fb = b.Frames[s][e];
                if (!fa.SequenceEqual(fb))
                {
                    return $"epoch {e}, shard {s}: {Describe(fa)} vs {Describe(fb)}";
                }
            }
        }

        return null;
    }

    private static string Describe(List<(int Command, int Response)> frames) =>
        $"{frames.Count} frame(s) [{string.Join(", ", frames.Select(f => $"{f.Command}/{f.Response} B"))}]";

    private SideRun RunSide(ClusterWorkloadKind kind, BatchSizing sizing, int role)
    {
        var parameters = options.Parameters;
        int seed = SuiteSeeds.Derive(options.Seed, 800, role, 0);
        var random = new Random(seed);
        var traces = new TraceBuffer[options.Shards];
        var recorders = new FrameRecordingDevice[options.Shards];
        var keys = new ReadOnlyMemory<byte>[options.Shards];
        for (int s = 0; s < options.Shards; s++)
        {
            var deviceKey = SimulatedDeviceOptions.InsecureFixedKey(SuiteSeeds.Derive(options.Seed, 801 + s, role, 0));
            traces[s] = new TraceBuffer();
            recorders[s] = new FrameRecordingDevice(new SimulatedDevice(new SimulatedDeviceOptions { Parameters = parameters, Seed = deviceKey }) { Trace = traces[s] });
            keys[s] = ChannelKdf.ProvisioningKey(deviceKey);
        }

        var prfKey = new byte[16];
        random.NextBytes(prfKey);
        var load = Enumerable.Range(0, options.LoadedKeys)
            .Select(k => new KeyValuePair<MapKey, ReadOnlyMemory<byte>>(MapKey.FromInt64(k), BitConverter.GetBytes((long)k))).ToList();
        var mapOptions = new ShardedMapOptions { EpochLength = Timeout.InfiniteTimeSpan, SecurityParameter = options.SecurityParameter, Sizing = sizing };
        var batchSizes = new List<int>();
        var calls = new List<Task>();
        long errors = 0;
        using (var map = ShardedObliviousMap.CreateOver(recorders, keys, prfKey, load, mapOptions, ownsDevices: true))
        {
            foreach (var trace in traces)
            {
                trace.Clear(); // the load is not part of the comparison: each side's split of it is its own PRF's
            }

            map.EpochObserver = plan =>
            {
                batchSizes.Add(plan.BatchSize);
                foreach (var recorder in recorders)
                {
                    recorder.EndEpoch();
                }
            };
            var pool = kind == ClusterWorkloadKind.OneShard ? ShardZeroKeys(prfKey, options.RequestsPerEpoch * 2) : [];
            for (int e = 0; e < options.Epochs; e++)
            {
                var chosen = kind == ClusterWorkloadKind.OneShard ? pool.OrderBy(_ => random.Next()).Take(options.RequestsPerEpoch).ToArray() : null;
                for (int i = 0; i < options.RequestsPerEpoch; i++)
                {
                    long key = kind switch
                    {
                        ClusterWorkloadKind.HotKey => 0,
                        ClusterWorkloadKind.OneShard => chosen![i],
                        _ => random.Next(options.LoadedKeys),
                    };
                    calls.Add(random.Next(2) == 0 ? map.GetAsync(key).AsTask() : map.PutAsync(key, BitConverter.GetBytes(random.NextInt64())).AsTask());
                }

                map.RunEpochAsync().GetAwaiter().GetResult();
            }

            map.DisposeAsync().AsTask().GetAwaiter().GetResult(); // drains what overflowed
        }

        // Every call was answered before the map closed, but a caller's task completes only once its continuations ran on
        // the thread pool (answers complete asynchronously): wait for them, or a loaded machine counts answered calls as failed.
        // A call still open after a minute was never answered, and counts as failed.
        Task.WhenAll(calls).ContinueWith(_ => { }, TaskScheduler.Default).Wait(TimeSpan.FromMinutes(1));
        string? firstFailure = null;
        foreach (var call in calls)
        {
            if (!call.IsCompletedSuccessfully)
            {
                errors++;
                firstFailure ??= call.IsCompleted
                    ? $"{kind} ({sizing}): {call.Exception?.InnerException?.GetType().Name}: {call.Exception?.InnerException?.Message}"
                    : $"{kind} ({sizing}): never answered (the map closed with the call still open)";
            }
        }

        var frames = recorders.Select(r => r.Epochs.Take(options.Epochs).ToList()).ToArray();
        var features = new OpFeatures[options.Shards];
        for (int s = 0; s < options.Shards; s++)
        {
            long ops = frames[s].Sum(epoch => epoch.Sum(f => (long)(f.Command - FrameLayout.OverheadBytes) / parameters.CommandBytes));
            var rows = traces[s].Rows.Where(r => r.Op >= 0 && r.Op < ops).ToList();
            var run = new WorkloadRun(WorkloadKind.Uniform, rows, [.. Enumerable.Range(0, (int)ops).Select(t => new WorkloadOp(OpCode.Get, t, 0))],
                parameters.PageBytes, parameters.HostPages, 0);
            features[s] = OpFeatures.Extract(run);
        }

        return new SideRun(frames, features, [.. batchSizes.Take(options.Epochs)], errors, firstFailure);
    }

    /// <summary>Integer keys that the side's secret shard assignment puts on shard 0: what only an insider could pick.</summary>
    private long[] ShardZeroKeys(byte[] prfKey, int count)
    {
        var prf = new KeyPrf(prfKey);
        var assigner = new ShardAssigner(ShardAssigner.DeriveKey(prf), options.Shards);
        var keys = new List<long>(count);
        for (long k = 0; keys.Count < count; k++)
        {
            if (assigner.ShardOf(prf.Digest(k)) == 0)
            {
                keys.Add(k);
            }
        }

        return [.. keys];
    }

    private sealed record SideRun(List<List<(int Command, int Response)>>[] Frames, OpFeatures[] Features, int[] BatchSizes, long Errors, string? FirstFailure);
}

using System.Diagnostics;
using Bolt.Client;
using Bolt.Cluster.Client;
using Bolt.Core.Abi;

namespace Bolt.Cli.Cluster;

/// <summary>What a <see cref="ClusterWorkload"/> run did.</summary>
/// <param name="Answered">Requests answered.</param>
/// <param name="Mismatches">Answers that differ from the reference.</param>
/// <param name="ExpectedCount">Keys the map should hold afterwards.</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="BatchLatencies">Wall time of every batch call, in microseconds.</param>
public sealed record ClusterOutcome(long Answered, long Mismatches, long ExpectedCount, TimeSpan Elapsed, double[] BatchLatencies);

/// <summary>
/// A mixed workload for a <see cref="ShardedObliviousMap"/>, every answer checked against a dictionary: concurrent workers,
/// each writing its own keys (40 % puts, 20 % deletes, 30 % gets) and reading the shared loaded keys (10 %, half of them one
/// hot key), in batches through <see cref="ShardedObliviousMap.ExecuteAsync"/>. Batches of different workers meet in
/// epochs, so the balancer de-duplicates the hot key and pads every shard.
/// </summary>
public static class ClusterWorkload
{
    /// <summary>Runs <paramref name="ops"/> requests split over <paramref name="workers"/> workers; the map holds <paramref name="initial"/> at the start.</summary>
    public static async Task<ClusterOutcome> RunAsync(ShardedObliviousMap map, IReadOnlyDictionary<string, byte[]> initial, int workers, int ops, int batch, int seed)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(initial);
        var shared = initial.Keys.Order(StringComparer.Ordinal).ToArray();
        var clock = Stopwatch.StartNew();
        var runs = Enumerable.Range(0, workers).Select(w => Task.Run(() => RunWorkerAsync(map, initial, shared, w, ops / workers + (w < ops % workers ? 1 : 0), batch, seed)));
        var results = await Task.WhenAll(runs).ConfigureAwait(false);
        clock.Stop();
        return new ClusterOutcome(results.Sum(r => r.Answered), results.Sum(r => r.Mismatches), initial.Count + results.Sum(r => r.Live),
            clock.Elapsed, [.. results.SelectMany(r => r.Latencies)]);
    }

    private static async Task<(long Answered, long Mismatches, long Live, List<double> Latencies)> RunWorkerAsync(ShardedObliviousMap map,
        IReadOnlyDictionary<string, byte[]> initial, string[] shared, int worker, int ops, int batch, int seed)
    {
        var random = new Random(HashCode.Combine(seed, worker));
        var reference = new Dictionary<string, byte[]>();
        var latencies = new List<double>();
        long answered = 0;
        long mismatches = 0;
        int keys = Math.Max(16, ops / 4);
        var requests = new List<MapRequest>(batch);
        var expected = new List<(string Key, OpCode Op, byte[]? Value, bool Present)>(batch);
        while (answered < ops)
        {
            requests.Clear();
            expected.Clear();
            var view = new Dictionary<string, byte[]?>();
            int count = (int)Math.Min(batch, ops - answered);
            for (int i = 0; i < count; i++)
            {
                int roll = random.Next(100);
                if (roll < 10 && shared.Length > 0)
                {
                    string key = roll < 5 ? shared[0] : shared[random.Next(shared.Length)];
                    requests.Add(MapRequest.Get(key));
                    expected.Add((key, OpCode.Get, initial[key], true));
                    continue;
                }

                string own = $"w{worker}:{random.Next(keys)}";
                byte[]? before = view.TryGetValue(own, out var pending) ? pending : reference.GetValueOrDefault(own);
                if (roll < 50)
                {
                    var value = new byte[random.Next(0, map.MaxValueLength + 1)];
                    random.NextBytes(value);
                    requests.Add(MapRequest.Put(own, value));
                    expected.Add((own, OpCode.Put, null, before is not null));
                    view[own] = value;
                }
                else if (roll < 70)
                {
                    requests.Add(MapRequest.Delete(own));
                    expected.Add((own, OpCode.Delete, null, before is not null));
                    view[own] = null;
                }
                else
                {
                    requests.Add(MapRequest.Get(own));
                    expected.Add((own, OpCode.Get, before, before is not null));
                }
            }

            long start = Stopwatch.GetTimestamp();
            var results = await map.ExecuteAsync(requests).ConfigureAwait(false);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            for (int i = 0; i < count; i++)
            {
                var (_, op, value, present) = expected[i];
                var result = results[i];
                bool ok = result.WasPresent == present
                    && result.Status == (op == OpCode.Put || present ? DeviceStatus.Ok : DeviceStatus.NotFound)
                    && (op != OpCode.Get || (value is null ? result.Value is null : result.Value is not null && result.Value.AsSpan().SequenceEqual(value)));
                mismatches += ok ? 0 : 1;
            }

            foreach (var (key, value) in view)
            {
                if (value is null)
                {
                    reference.Remove(key);
                }
                else
                {
                    reference[key] = value;
                }
            }

            answered += count;
        }

        return (answered, mismatches, reference.Count, latencies);
    }
}

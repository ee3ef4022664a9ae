using System.Collections.Concurrent;
using Bolt.Cluster.Client;
using Bolt.Core;

namespace Bolt.Tests.Cluster;

/// <summary>
/// A checked mixed workload (puts, deletes, gets) that keeps running through a silo outage. Each worker owns its keys and
/// runs one call at a time, so every key's calls are ordered; the model keeps, per key, the values it may hold: exactly
/// the acknowledged one, plus — for a write that failed with a typed error (outcome unknown: ran whole or not at all) —
/// that write's value too, until a read settles it. An acknowledged read outside that set, or a write's "was present"
/// that no possible value explains, is a mismatch.
/// </summary>
internal sealed class OutageWorkload
{
    private readonly int _workers;
    private readonly int _keysPerWorker;
    private readonly Dictionary<string, List<byte[]?>> _possible = [];
    private long _acknowledged;
    private long _failed;

    public OutageWorkload(int workers, int keysPerWorker)
    {
        _workers = workers;
        _keysPerWorker = keysPerWorker;
        for (int w = 0; w < workers; w++)
        {
            for (int k = 0; k < keysPerWorker; k++)
            {
                // Half the keys start in the bulk load, half absent.
                _possible[Key(w, k)] = [k % 2 == 0 ? Value(w, k, -1) : null];
            }
        }

        Initial = _possible.Where(kv => kv.Value[0] is not null).ToDictionary(kv => kv.Key, kv => kv.Value[0]!);
    }

    /// <summary>The bulk load the map must be created with.</summary>
    public Dictionary<string, byte[]> Initial { get; }

    public IEnumerable<string> Keys => _possible.Keys;

    /// <summary>Calls answered so far.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Calls that failed with a <see cref="BoltException"/> so far.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public ConcurrentQueue<Exception> Errors { get; } = new();

    public ConcurrentQueue<string> Mismatches { get; } = new();

    /// <summary>Runs every worker until <paramref name="stop"/> is cancelled (each finishes its current call).</summary>
    public Task RunAsync(ShardedObliviousMap map, int seed, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, _workers).Select(w => Task.Run(() => WorkerAsync(map, w, new Random(HashCode.Combine(seed, w)), stop), CancellationToken.None)));

    /// <summary>
    /// Reads every key once (retrying a key while <paramref name="retry"/> says its error is transient, until
    /// <paramref name="deadline"/>): a value is checked against the model and settles it; an error is returned for the key.
    /// </summary>
    public async Task<Dictionary<string, Exception>> ReadBackAsync(ShardedObliviousMap map, Func<Exception, bool> retry, DateTime deadline)
    {
        var errors = new ConcurrentDictionary<string, Exception>();
        await Task.WhenAll(_possible.Keys.Select(async key =>
        {
            while (true)
            {
                try
                {
                    Settle(key, await map.GetAsync(key));
                    return;
                }
                catch (BoltException e) when (retry(e) && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
                catch (BoltException e)
                {
                    errors[key] = e;
                    return;
                }
            }
        }));
        return new Dictionary<string, Exception>(errors);
    }

    /// <summary>Keys whose value is still in doubt (a failed write not yet settled by a read).</summary>
    public int InDoubt
    {
        get
        {
            lock (_possible)
            {
                return _possible.Values.Count(v => v.Count > 1);
            }
        }
    }

    private async Task WorkerAsync(ShardedObliviousMap map, int worker, Random random, CancellationToken stop)
    {
        for (long n = 0; !stop.IsCancellationRequested; n++)
        {
            string key = Key(worker, random.Next(_keysPerWorker));
            int roll = random.Next(100);
            var value = roll < 45 ? Value(worker, (int)(n % int.MaxValue), random.Next(1000)) : null;
            try
            {
                if (roll < 45)
                {
                    bool added = await map.PutAsync(key, value, CancellationToken.None);
                    Written(key, value, wasPresent: !added);
                }
                else if (roll < 60)
                {
                    Written(key, null, wasPresent: await map.DeleteAsync(key, CancellationToken.None));
                }
                else
                {
                    Settle(key, await map.GetAsync(key, CancellationToken.None));
                }

                Interlocked.Increment(ref _acknowledged);
            }
            catch (BoltException e)
            {
                Interlocked.Increment(ref _failed);
                Errors.Enqueue(e);
                if (roll < 60)
                {
                    lock (_possible)
                    {
                        _possible[key].Add(value); // ran whole or not at all, possibly later
                    }
                }

                await Task.Delay(20, CancellationToken.None); // an outage: don't spin
            }
        }
    }

    private void Written(string key, byte[]? value, bool wasPresent)
    {
        lock (_possible)
        {
            var possible = _possible[key];
            if (!possible.Any(v => (v is not null) == wasPresent))
            {
                Mismatches.Enqueue($"{key}: a write said the key was {(wasPresent ? "" : "not ")}present; possible before: {Describe(possible)}");
            }

            _possible[key] = [value];
        }
    }

    private void Settle(string key, byte[]? read)
    {
        lock (_possible)
        {
            var possible = _possible[key];
            if (!possible.Any(v => v is null ? read is null : read is not null && v.AsSpan().SequenceEqual(read)))
            {
                Mismatches.Enqueue($"{key}: read {(read is null ? "absent" : Convert.ToHexString(read))}; possible: {Describe(possible)}");
            }

            _possible[key] = [read];
        }
    }

    private static string Describe(List<byte[]?> values) => string.Join(" | ", values.Select(v => v is null ? "absent" : Convert.ToHexString(v)));

    private static string Key(int worker, int k) => $"w{worker}:{k}";

    private static byte[] Value(int worker, int n, int salt) => [.. BitConverter.GetBytes(worker), .. BitConverter.GetBytes(n), .. BitConverter.GetBytes(salt)];
}

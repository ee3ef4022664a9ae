using System.Diagnostics;
using Bolt.Client;
using Bolt.Core;
using Bolt.Core.Abi;

namespace Bolt.Cli.Serving;

/// <summary>
/// One client's share of a multi-client run: a mixed workload (gets, contains, puts of every value length, deletes)
/// over the client's own keys through <see cref="ObliviousMap"/>, every answer checked against the client's own
/// reference dictionary, and the wall time of every batch call recorded. Clients use different PRF keys, so their
/// keys never meet in the shared map, and a response routed to the wrong client would fail its checks.
/// </summary>
public sealed class ClientWorkload(ObliviousMap map, int client, int keys, double readRatio, long seed)
{
    private readonly Dictionary<long, byte[]> _reference = [];
    private readonly Random _random = new(HashCode.Combine(seed, client));

    /// <summary>Answers that differed from the reference.</summary>
    public long Mismatches { get; private set; }

    /// <summary>Ops served.</summary>
    public long Ops { get; private set; }

    /// <summary>Wall time of each batch call, in stopwatch ticks.</summary>
    public List<long> CallTicks { get; } = [];

    /// <summary>Runs <paramref name="ops"/> ops in batches of <paramref name="batch"/>.</summary>
    public async Task RunAsync(long ops, int batch, CancellationToken cancellationToken = default)
    {
        var requests = new List<MapRequest>(batch);
        var batchKeys = new long[batch];
        for (long done = 0; done < ops;)
        {
            int count = (int)Math.Min(batch, ops - done);
            requests.Clear();
            for (int i = 0; i < count; i++)
            {
                batchKeys[i] = _random.Next(keys);
                requests.Add(Next(batchKeys[i]));
            }

            long start = Stopwatch.GetTimestamp();
            var results = await map.ExecuteAsync(requests, cancellationToken).ConfigureAwait(false);
            CallTicks.Add(Stopwatch.GetTimestamp() - start);
            for (int i = 0; i < count; i++)
            {
                Mismatches += Check(requests[i], batchKeys[i], results[i]) ? 0 : 1;
            }

            done += count;
            Ops = done;
        }
    }

    /// <summary>Reads (gets and contains, in the read ratio) and writes (puts of random length, one in five a delete).</summary>
    private MapRequest Next(long key)
    {
        MapKey mapKey = (client * 1_000_000_000L) + key;
        if (_random.NextDouble() < readRatio)
        {
            return _random.Next(4) == 0 ? MapRequest.Contains(mapKey) : MapRequest.Get(mapKey);
        }

        if (_random.Next(5) == 0)
        {
            return MapRequest.Delete(mapKey);
        }

        var value = new byte[_random.Next(map.MaxValueLength + 1)];
        _random.NextBytes(value);
        return MapRequest.Put(mapKey, value);
    }

    private bool Check(MapRequest request, long key, MapResult result)
    {
        bool present = _reference.TryGetValue(key, out var expected);
        bool ok = result.WasPresent == present;
        switch (request.Op)
        {
            case OpCode.Get:
                ok &= result.Status == (present ? DeviceStatus.Ok : DeviceStatus.NotFound)
                    && (!present || (result.Value is not null && expected.AsSpan().SequenceEqual(result.Value)));
                break;
            case OpCode.Put:
                ok &= result.Status == DeviceStatus.Ok;
                _reference[key] = request.Value.ToArray();
                break;
            default:
                ok &= result.Status == (present ? DeviceStatus.Ok : DeviceStatus.NotFound);
                _reference.Remove(key);
                break;
        }

        return ok;
    }
}

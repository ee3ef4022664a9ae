namespace Bolt.Sim.Stats;

/// <summary>
/// Keeps every per-op latency (cycles) so that percentiles are exact, not estimated — as a count per distinct
/// value: a constant-time device has very few distinct latencies, so recording allocates nothing once they have
/// all been seen, however long the run (a list of every op's latency grew by 8 bytes per op).
/// </summary>
public sealed class LatencyRecorder
{
    private readonly Dictionary<long, long> _counts = [];
    private long _count;
    private double _sum;

    /// <summary>Latencies recorded.</summary>
    public long Count => _count;

    /// <summary>Records <paramref name="times"/> ops of the same latency (a batch).</summary>
    public void Record(long cycles, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(times);
        if (times == 0)
        {
            return;
        }

        _counts[cycles] = _counts.GetValueOrDefault(cycles) + times;
        _count += times;
        _sum += (double)cycles * times;
    }

    /// <summary>The mean latency in cycles (0 when empty).</summary>
    public double Mean => _count == 0 ? 0 : _sum / _count;

    /// <summary>The latency at quantile <paramref name="q"/> (nearest rank), in cycles.</summary>
    public long Percentile(double q)
    {
        if (_count == 0)
        {
            return 0;
        }

        var values = _counts.Keys.ToArray();
        Array.Sort(values);
        long rank = Math.Clamp((long)Math.Ceiling(q * _count) - 1, 0, _count - 1);
        long seen = 0;
        foreach (long value in values)
        {
            seen += _counts[value];
            if (seen > rank)
            {
                return value;
            }
        }

        return values[^1];
    }
}

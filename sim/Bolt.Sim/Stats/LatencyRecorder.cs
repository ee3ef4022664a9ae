namespace Bolt.Sim.Stats;

/// <summary>Keeps every per-op latency (cycles) so that percentiles are exact, not estimated.</summary>
public sealed class LatencyRecorder
{
    private long[] _values = new long[1024];
    private int _count;
    private double _sum;

    /// <summary>Latencies recorded.</summary>
    public int Count => _count;

    /// <summary>Records <paramref name="times"/> ops of the same latency (a batch).</summary>
    public void Record(long cycles, int times = 1)
    {
        if (_count + times > _values.Length)
        {
            Array.Resize(ref _values, Math.Max(_values.Length * 2, _count + times));
        }

        _values.AsSpan(_count, times).Fill(cycles);
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

        var sorted = _values.AsSpan(0, _count).ToArray();
        Array.Sort(sorted);
        int rank = (int)Math.Ceiling(q * _count) - 1;
        return sorted[Math.Clamp(rank, 0, _count - 1)];
    }
}

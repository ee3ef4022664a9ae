using Bolt.Core.Durability;
namespace Bolt.Sim.Engine;

/// <summary>
/// Per-bin load counters in HBM (SPEC §4): items whose home is the bin, pending ones included, so a host
/// page never receives more items than it has slots.
/// </summary>
public sealed class BinLoads
{
    private readonly ushort[] _loads;

    /// <summary>Creates counters for <paramref name="bins"/> bins.</summary>
    public BinLoads(int bins) => _loads = new ushort[bins];

    /// <summary>The largest load any bin has reached.</summary>
    public int MaxLoad { get; private set; }

    /// <summary>Bytes the counters occupy in HBM.</summary>
    public long Bytes => (long)_loads.Length * sizeof(ushort);

    /// <summary>Asks the CPU to bring a bin's counter into cache (a hint; changes nothing).</summary>
    public unsafe void Prefetch(uint bin)
    {
        fixed (ushort* loads = _loads)
        {
            Prefetcher.Line(loads + bin);
        }
    }

    /// <summary>The load of a bin.</summary>
    public int this[uint bin] => _loads[bin];

    /// <summary>Counts one more item homed in the bin.</summary>
    public void Increment(uint bin)
    {
        int load = ++_loads[bin];
        if (load > MaxLoad)
        {
            MaxLoad = load;
        }
    }

    /// <summary>Counts one item fewer homed in the bin.</summary>
    public void Decrement(uint bin) => _loads[bin]--;

    /// <summary>Sum of the loads of bins [from, to).</summary>
    public long Sum(int from, int to)
    {
        long sum = 0;
        for (int b = from; b < to; b++)
        {
            sum += _loads[b];
        }

        return sum;
    }

    /// <summary>Zeroes every counter and the maximum.</summary>
    public void Reset()
    {
        Array.Clear(_loads);
        MaxLoad = 0;
    }

    /// <summary>Writes the bin loads into a checkpoint image.</summary>
    internal void WriteImage(SealedImageWriter image) => image.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_loads.AsSpan()));

    /// <summary>Restores what <see cref="WriteImage"/> wrote; the statistic <see cref="MaxLoad"/> restarts from the largest load now.</summary>
    internal void ReadImage(SealedImageReader image)
    {
        image.Read(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_loads.AsSpan()));
        MaxLoad = _loads.Length == 0 ? 0 : _loads.Max();
    }
}

using Bolt.Core.Durability;
using Bolt.Core.Memory;

namespace Bolt.Sim.Engine;

/// <summary>
/// Per-bin load counters in HBM (SPEC §4): items whose home is the bin, pending ones included, so a host
/// page never receives more items than it has slots. In native memory (huge pages from 2 MiB): every access reads
/// four random counters, which on 4 KiB pages would each miss the TLB once a map has millions of bins.
/// </summary>
public sealed class BinLoads : IDisposable
{
    private readonly NativeArray<ushort> _loads;

    /// <summary>Creates counters for <paramref name="bins"/> bins.</summary>
    public BinLoads(int bins) => _loads = new NativeArray<ushort>(bins);

    /// <summary>The largest load any bin has reached.</summary>
    public int MaxLoad { get; private set; }

    /// <summary>Bytes the counters occupy in HBM.</summary>
    public long Bytes => _loads.ByteLength;

    /// <summary>Asks the CPU to bring a bin's counter into cache (a hint; changes nothing).</summary>
    public unsafe void Prefetch(uint bin) => Prefetcher.Line(_loads.Pointer + bin);

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
        _loads.Clear();
        MaxLoad = 0;
    }

    /// <summary>Frees the native memory.</summary>
    public void Dispose() => _loads.Dispose();

    /// <summary>Writes the bin loads into a checkpoint image.</summary>
    internal void WriteImage(SealedImageWriter image) => image.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(All));

    /// <summary>Restores what <see cref="WriteImage"/> wrote; the statistic <see cref="MaxLoad"/> restarts from the largest load now.</summary>
    internal void ReadImage(SealedImageReader image)
    {
        image.Read(System.Runtime.InteropServices.MemoryMarshal.AsBytes(All));
        int max = 0;
        foreach (ushort load in All)
        {
            max = Math.Max(max, load);
        }

        MaxLoad = max;
    }

    private Span<ushort> All => _loads.Slice(0, (int)_loads.Length);
}

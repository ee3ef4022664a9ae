namespace Bolt.Core.Memory;

/// <summary>
/// Faults in large native arrays on a background thread, a chunk at a time, ahead of the thread that fills them. A
/// fresh page costs its first writer a kernel fault and a zeroing (about 0.5 GB/s on this virtual machine when its
/// host must back the page too), and a bulk load writes several GiB of position map, staged pages and host region from
/// one thread; done here, on the other core, that work leaves the loading thread's path. No byte changes
/// (<see cref="NativeArray{T}.Populate"/>), so the arrays may be in use meanwhile.
/// <see cref="Dispose"/> stops the thread (within one chunk) and waits for it: call it before freeing any array given.
/// </summary>
public sealed class MemoryPrefaulter : IDisposable
{
    /// <summary>Bytes per populate call (one huge page, a few ms when fresh): the stop flag is checked between calls.</summary>
    private const long ChunkBytes = 2L << 20;

    private readonly IReadOnlyList<Range> _regions;
    private readonly Thread _thread;
    private volatile bool _stop;

    private MemoryPrefaulter(IReadOnlyList<Range> regions)
    {
        _regions = regions;
        _thread = new Thread(Run) { IsBackground = true, Name = "bolt-prefault" };
        _thread.Start();
    }

    /// <summary>
    /// Starts faulting in <paramref name="regions"/>, in order, when they hold at least <paramref name="minimumBytes"/>
    /// together; otherwise returns null (small maps gain nothing from a thread).
    /// </summary>
    public static MemoryPrefaulter? Start(IReadOnlyList<Range> regions, long minimumBytes)
    {
        ArgumentNullException.ThrowIfNull(regions);
        long total = regions.Sum(r => r.Bytes);
        return total >= minimumBytes ? new MemoryPrefaulter(regions) : null;
    }

    /// <summary>One array to fault in: its populate call (first byte, bytes) and its size in bytes.</summary>
    public readonly record struct Range(Action<long, long> Populate, long Bytes)
    {
        /// <summary>The whole of <paramref name="array"/>.</summary>
        public static Range Of<T>(NativeArray<T> array)
            where T : unmanaged
        {
            ArgumentNullException.ThrowIfNull(array);
            return new Range(array.Populate, array.ByteLength);
        }
    }

    /// <summary>Stops faulting in and waits for the thread.</summary>
    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Run()
    {
        foreach (var region in _regions)
        {
            for (long at = 0; at < region.Bytes; at += ChunkBytes)
            {
                if (_stop)
                {
                    return;
                }

                region.Populate(at, Math.Min(ChunkBytes, region.Bytes - at));
            }
        }
    }
}

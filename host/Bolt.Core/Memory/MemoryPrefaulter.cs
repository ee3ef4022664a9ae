namespace Bolt.Core.Memory;

/// <summary>
/// Faults in large native arrays on a background thread, a chunk at a time, ahead of the thread that fills them. A
/// fresh page costs its first writer a kernel fault and a zeroing (about 0.5 GB/s on this virtual machine when its
/// host must back the page too), and a bulk load writes several GiB of position map, staged pages and host region from
/// one thread; done here, on the other core, that work leaves the loading thread's path. No byte changes
/// (<see cref="NativeArray{T}.Populate"/>), so the arrays may be in use meanwhile.
/// </summary>
/// <remarks>
/// Every prefault of the process runs on one shared thread, in the order started (a map's from its construction, then
/// its load's staging and host region): the loading thread and the client's encoder must keep the cores, and a second
/// prefault thread would take a third of them. The thread ends when nothing is left to fault in.
/// <see cref="Dispose"/> cancels this prefault (within one chunk) and waits until the thread no longer touches its
/// arrays: call it before freeing any array given.
/// </remarks>
public sealed class MemoryPrefaulter : IDisposable
{
    /// <summary>Bytes per populate call (one huge page, a few ms when fresh): the stop flag is checked between calls.</summary>
    private const long ChunkBytes = 2L << 20;

    private static readonly object Gate = new();
    private static readonly LinkedList<MemoryPrefaulter> Queue = new();
    private static bool _working;

    private readonly IReadOnlyList<Range> _regions;
    private volatile bool _stop;
    private bool _running;
    private bool _finished;

    private MemoryPrefaulter(IReadOnlyList<Range> regions) => _regions = regions;

    /// <summary>
    /// Queues <paramref name="regions"/> to be faulted in, in order, when they hold at least <paramref name="minimumBytes"/>
    /// together; otherwise returns null (small maps gain nothing from it).
    /// </summary>
    public static MemoryPrefaulter? Start(IReadOnlyList<Range> regions, long minimumBytes)
    {
        ArgumentNullException.ThrowIfNull(regions);
        if (regions.Sum(r => r.Bytes) < minimumBytes)
        {
            return null;
        }

        var prefault = new MemoryPrefaulter(regions);
        lock (Gate)
        {
            Queue.AddLast(prefault);
            if (!_working)
            {
                _working = true;
                new Thread(Work) { IsBackground = true, Name = "bolt-prefault" }.Start();
            }
        }

        return prefault;
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

    /// <summary>Stops faulting in these arrays (or drops them from the queue) and waits until the thread has let go of them.</summary>
    public void Dispose()
    {
        _stop = true;
        lock (Gate)
        {
            if (!_running)
            {
                Queue.Remove(this);
                _finished = true;
            }

            while (!_finished)
            {
                Monitor.Wait(Gate);
            }
        }
    }

    /// <summary>The shared thread: faults in the oldest queued prefault until none is left.</summary>
    private static void Work()
    {
        while (true)
        {
            MemoryPrefaulter next;
            lock (Gate)
            {
                if (Queue.Count == 0)
                {
                    _working = false;
                    return;
                }

                next = Queue.First!.Value;
                next._running = true;
            }

            next.Run();
            lock (Gate)
            {
                Queue.Remove(next);
                next._finished = true;
                Monitor.PulseAll(Gate);
            }
        }
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

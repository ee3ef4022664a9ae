using Bolt.Core.Durability;
using System.Runtime.CompilerServices;
using Bolt.Core;
using Bolt.Core.Memory;

namespace Bolt.Sim.Engine;

/// <summary>
/// The position map in HBM (SPEC §4): digest → (candidate bins, home bin, record). Linear probing from the digest's low bits
/// within a window of <see cref="BoltParameters.ProbeWindow"/> slots, backward-shift deletion. HBM is
/// unobservable, so a plain hash table is safe; the kernel pads its probe time to the whole window.
/// </summary>
public sealed unsafe class PositionMap : IDisposable
{
    /// <summary>Home value of an item in the overflow stash.</summary>
    public const uint StashHome = uint.MaxValue;

    /// <summary>Record value of a host-home item (found by scanning its page and pending list).</summary>
    public const uint NoRecord = uint.MaxValue;

    /// <summary>Maps at least this big fault their slots in on a background thread; smaller ones on first write.</summary>
    private const long PrefaultMinimumBytes = 32L << 20;

    private readonly NativeArray<PositionEntry> _slots;
    private readonly MemoryPrefaulter? _prefault;
    private readonly int _mask;
    private readonly int _window;

    /// <summary>Creates an empty map with a power-of-two number of slots.</summary>
    public PositionMap(int slots, int window)
    {
        if (!System.Numerics.BitOperations.IsPow2(slots))
        {
            throw new ArgumentException("The slot count must be a power of two.", nameof(slots));
        }

        _slots = new NativeArray<PositionEntry>(slots);
        // A bulk load (or a restore) writes every slot, at random. Its pages are faulted in on another core from now on,
        // while the caller is still preparing the load (a client encodes its records first), rather than by the
        // loading thread at its first write to each: a fresh huge page costs about 4 ms when the VM's host has to
        // back it too.
        _prefault = MemoryPrefaulter.Start([MemoryPrefaulter.Range.Of(_slots)], PrefaultMinimumBytes);
        _mask = slots - 1;
        _window = Math.Min(window, slots);
    }

    /// <summary>Items in the map.</summary>
    public int Count { get; private set; }

    /// <summary>The entry at a slot returned by <see cref="Find"/> or <see cref="Insert"/>.</summary>
    public ref PositionEntry this[int slot] => ref _slots[slot];

    /// <summary>Bytes the map occupies in HBM.</summary>
    public long Bytes => _slots.ByteLength;

    /// <summary>The slot array itself (for checking that it is faulted in).</summary>
    internal NativeArray<PositionEntry> Slots => _slots;

    /// <summary>Asks the CPU to bring the digest's first probe slot into cache (a hint; changes nothing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(ulong lo) => Prefetcher.Line(_slots.Pointer + ((int)lo & _mask));

    /// <summary>The slot holding the digest, or −1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ulong lo, ulong hi)
    {
        int i = (int)lo & _mask;
        for (int probe = 0; probe < _window; probe++, i = (i + 1) & _mask)
        {
            ref var e = ref _slots[i];
            if (e.IsEmpty)
            {
                return -1;
            }

            if (e.Lo == lo && e.Hi == hi)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Inserts an absent digest; returns its slot, or −1 when the probe window is full.</summary>
    public int Insert(ulong lo, ulong hi, uint cand1, uint cand2, uint home, uint record)
    {
        int i = (int)lo & _mask;
        for (int probe = 0; probe < _window; probe++, i = (i + 1) & _mask)
        {
            ref var e = ref _slots[i];
            if (e.IsEmpty)
            {
                e = new PositionEntry(lo, hi, cand1, cand2, home, record);
                Count++;
                return i;
            }
        }

        return -1;
    }

    /// <summary>Removes the entry at a slot, shifting later entries of the run back (SPEC §4).</summary>
    public void Remove(int slot)
    {
        int i = slot;
        _slots[i] = default;
        for (int j = (i + 1) & _mask; !_slots[j].IsEmpty; j = (j + 1) & _mask)
        {
            int home = (int)_slots[j].Lo & _mask;
            if (((j - home) & _mask) >= ((j - i) & _mask))
            {
                _slots[i] = _slots[j];
                _slots[j] = default;
                i = j;
            }
        }

        Count--;
    }

    /// <summary>Forgets every entry.</summary>
    public void Clear()
    {
        _slots.Clear();
        Count = 0;
    }

    /// <summary>Frees the native memory (after stopping the prefault, which must not outlive it).</summary>
    public void Dispose()
    {
        _prefault?.Dispose();
        _slots.Dispose();
    }

    /// <summary>Writes every slot into a checkpoint image (the count travels as a state word).</summary>
    internal void WriteImage(SealedImageWriter image) => image.Write(_slots.Pointer, _slots.ByteLength);

    /// <summary>Restores what <see cref="WriteImage"/> wrote.</summary>
    internal void ReadImage(SealedImageReader image, long count)
    {
        image.Read(_slots.Pointer, _slots.ByteLength);
        Count = (int)count;
    }
}

using Bolt.Core.Durability;
namespace Bolt.Sim.Engine;

/// <summary>
/// The HBM overflow stash (SPEC §6.7): items whose two bins were both full. Once an item cannot be placed
/// (stash or record pool exhausted) the stash latches <see cref="Overflowed"/> and inserts are refused, so
/// nothing is ever dropped.
/// </summary>
public sealed class OverflowStash(int capacity)
{
    /// <summary>Items the stash can hold.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>Items in the stash.</summary>
    public int Count { get; private set; }

    /// <summary>The largest <see cref="Count"/> reached.</summary>
    public int MaxCount { get; private set; }

    /// <summary>Sticky: an item could not be placed, so inserts are refused from now on.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Counts an item entering the stash.</summary>
    public void Add()
    {
        if (++Count > MaxCount)
        {
            MaxCount = Count;
        }
    }

    /// <summary>Counts an item leaving the stash.</summary>
    public void Remove() => Count--;

    /// <summary>Latches the overflow state.</summary>
    public void MarkOverflowed() => Overflowed = true;

    /// <summary>Empties the stash and clears the latch.</summary>
    public void Reset()
    {
        Count = 0;
        MaxCount = 0;
        Overflowed = false;
    }

    /// <summary>Restores the stash from a checkpoint's state words; the statistic <see cref="MaxCount"/> restarts from the count now.</summary>
    internal void Restore(long count, bool overflowed)
    {
        Count = (int)count;
        MaxCount = Count;
        Overflowed = overflowed;
    }
}

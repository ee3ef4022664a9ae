namespace Bolt.Sim.Engine;

/// <summary>What the engine has done and the high-water marks that the docs/design.md §3 bounds speak of.</summary>
public sealed record EngineCounters
{
    /// <summary>Accesses served (commands processed, aborted ones included).</summary>
    public long Accesses { get; init; }

    /// <summary>Items in the map.</summary>
    public int Items { get; init; }

    /// <summary>Items whose home is an HBM bin, now.</summary>
    public long HbmItems { get; init; }

    /// <summary>The largest number of HBM-bin items reached.</summary>
    public long MaxHbmItems { get; init; }

    /// <summary>The largest bin load reached (bounded by l_max by construction).</summary>
    public int MaxBinLoad { get; init; }

    /// <summary>Items waiting in the eviction buffer, now.</summary>
    public int EvictionBuffer { get; init; }

    /// <summary>The largest eviction-buffer size reached.</summary>
    public int MaxEvictionBuffer { get; init; }

    /// <summary>Items in the overflow stash, now.</summary>
    public int Stash { get; init; }

    /// <summary>The largest stash size reached.</summary>
    public int MaxStash { get; init; }

    /// <summary>True once an item could not be placed (inserts refused from then on).</summary>
    public bool StashOverflowed { get; init; }

    /// <summary>Accesses aborted by an integrity failure.</summary>
    public long IntegrityFailures { get; init; }
}

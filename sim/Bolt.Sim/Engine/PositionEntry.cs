namespace Bolt.Sim.Engine;

/// <summary>
/// One 24-byte position-map entry (SPEC §4):
/// <code>
/// [0..16)  digest (lo, hi); all zero = empty
/// [16..20) home: bin 0..M−1, or STASH
/// [20..24) rec: HBM record, or NONE for host-home items
/// </code>
/// </summary>
public struct PositionEntry(ulong lo, ulong hi, uint home, uint record)
{
    /// <summary>Digest low half.</summary>
    public ulong Lo = lo;

    /// <summary>Digest high half.</summary>
    public ulong Hi = hi;

    /// <summary>The item's home bin, or <see cref="PositionMap.StashHome"/>.</summary>
    public uint Home = home;

    /// <summary>The item's HBM record, or <see cref="PositionMap.NoRecord"/>.</summary>
    public uint Record = record;

    /// <summary>True for an unused slot.</summary>
    public readonly bool IsEmpty => (Lo | Hi) == 0;
}

namespace Bolt.Sim.Engine;

/// <summary>
/// One 32-byte position-map entry (SPEC §4):
/// <code>
/// [0..16)  digest (lo, hi); all zero = empty
/// [16..20) cand1: first candidate bin drawn at the item's last placement
/// [20..24) cand2: second candidate bin
/// [24..28) home: the candidate the item went to (the less loaded), or STASH
/// [28..32) rec: HBM record, or NONE for host-home items
/// </code>
/// The candidates are what an access reveals (their pages); which one is home never leaves the device.
/// </summary>
public struct PositionEntry(ulong lo, ulong hi, uint cand1, uint cand2, uint home, uint record)
{
    /// <summary>Digest low half.</summary>
    public ulong Lo = lo;

    /// <summary>Digest high half.</summary>
    public ulong Hi = hi;

    /// <summary>First candidate bin.</summary>
    public uint Cand1 = cand1;

    /// <summary>Second candidate bin.</summary>
    public uint Cand2 = cand2;

    /// <summary>The item's home bin (one of the candidates), or <see cref="PositionMap.StashHome"/>.</summary>
    public uint Home = home;

    /// <summary>The item's HBM record, or <see cref="PositionMap.NoRecord"/>.</summary>
    public uint Record = record;

    /// <summary>True for an unused slot.</summary>
    public readonly bool IsEmpty => (Lo | Hi) == 0;
}

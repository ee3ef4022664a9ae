namespace Bolt.Security.Workloads;

/// <summary>The synthetic workloads the distinguishing games compare (one side of a pair each).</summary>
public enum WorkloadKind
{
    /// <summary>Half gets, half updates, keys uniform over the present keys.</summary>
    Uniform,

    /// <summary>Half gets, half updates, every op on one present key.</summary>
    HotKey,

    /// <summary>Half gets, half updates, present keys in order (a scan).</summary>
    Sequential,

    /// <summary>Half gets, half updates, keys by YCSB's scrambled Zipfian (θ = 0.99).</summary>
    Zipf,

    /// <summary>Gets of uniform present keys.</summary>
    AllGets,

    /// <summary>Full-length updates of uniform present keys.</summary>
    AllPuts,

    /// <summary>Gets of present keys (the same as <see cref="AllGets"/>, named for the presence pair).</summary>
    PresentKeys,

    /// <summary>Gets of keys never stored.</summary>
    AbsentKeys,

    /// <summary>Mostly inserts of fresh keys, the rest deletes of present keys.</summary>
    InsertHeavy,

    /// <summary>Mostly deletes of present keys, the rest inserts of fresh keys.</summary>
    DeleteHeavy,

    /// <summary>Updates of uniform present keys with 1-byte values.</summary>
    ShortValues,

    /// <summary>Updates of uniform present keys with maximum-length values.</summary>
    MaxValues,

    /// <summary>A third each: inserts of fresh keys, updates and deletes of uniform present keys (the map's size stays put).</summary>
    Mixed,
}

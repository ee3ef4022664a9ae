namespace Bolt.Bench.Sweep;

/// <summary>What `bolt bench` sweeps and how long each point runs.</summary>
public sealed record BenchOptions
{
    /// <summary>The small sweep for CI: maps of 2^12..2^16 keys, a few thousand ops each (about a minute).</summary>
    public bool Quick { get; init; }

    /// <summary>Ops per configuration after the load; 0 picks the default (200 000, or 4 000 with <see cref="Quick"/>).</summary>
    public long Ops { get; init; }

    /// <summary>Largest capacity of the capacity axis (log2); 0 picks the default (26, or 16 with <see cref="Quick"/>).</summary>
    public int MaxCapacityLog2 { get; init; }

    /// <summary>Seed of the devices, the client key and the workload.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Share of ops that are gets; the rest update loaded keys.</summary>
    public double ReadRatio { get; init; } = 0.5;

    /// <summary>The ops per configuration in effect.</summary>
    public long EffectiveOps => Ops > 0 ? Ops : Quick ? 4_000 : 200_000;

    /// <summary>The largest capacity exponent in effect.</summary>
    public int EffectiveMaxCapacityLog2 => MaxCapacityLog2 > 0 ? MaxCapacityLog2 : Quick ? 16 : 26;
}

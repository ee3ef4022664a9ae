namespace Bolt.Workloads;

/// <summary>A YCSB-style run: load every key of the map, then run a read/update mix.</summary>
public sealed record YcsbOptions
{
    /// <summary>Operations after the load.</summary>
    public long Ops { get; init; } = 1_000_000;

    /// <summary>Share of ops that are gets; the rest update a loaded key.</summary>
    public double ReadRatio { get; init; } = 0.5;

    /// <summary>How keys are chosen.</summary>
    public KeyDistribution Distribution { get; init; } = KeyDistribution.Uniform;

    /// <summary>Requests per command batch.</summary>
    public int Batch { get; init; } = 64;

    /// <summary>Seed of the workload (keys, ops) and of the client's PRF key.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Fraction of the capacity loaded before the run (1 = full).</summary>
    public double LoadFactor { get; init; } = 1.0;
}

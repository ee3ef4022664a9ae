using Bolt.Core;

namespace Bolt.Security.Cluster;

/// <summary>Sizes of the cluster leakage experiment.</summary>
public sealed record ClusterLeakageOptions
{
    /// <summary>Shards.</summary>
    public int Shards { get; init; } = 4;

    /// <summary>Epochs compared per workload.</summary>
    public int Epochs { get; init; } = 12;

    /// <summary>R: requests submitted per epoch (the same for every workload: the count is public).</summary>
    public int RequestsPerEpoch { get; init; } = 512;

    /// <summary>Keys loaded before the epochs.</summary>
    public int LoadedKeys { get; init; } = 2048;

    /// <summary>λ of the balancer.</summary>
    public int SecurityParameter { get; init; } = 128;

    /// <summary>Each shard device's parameters.</summary>
    public BoltParameters Parameters { get; init; } = new(capacity: 1 << 13, valueSize: 8);

    /// <summary>Significance level of the per-shard trace tests (Holm-corrected over all of them).</summary>
    public double Alpha { get; init; } = 0.01;

    /// <summary>Permutations of the mutual-information tests.</summary>
    public int Permutations { get; init; } = 2000;

    /// <summary>Root seed: device keys, PRF keys and workload choices derive from it.</summary>
    public int Seed { get; init; } = 1;
}

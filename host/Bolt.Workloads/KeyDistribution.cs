namespace Bolt.Workloads;

/// <summary>How a workload picks the key of each op.</summary>
public enum KeyDistribution
{
    /// <summary>Every key equally likely.</summary>
    Uniform,

    /// <summary>YCSB's scrambled Zipfian (θ = 0.99): a few keys take most ops.</summary>
    Zipf,

    /// <summary>Every op on one single key.</summary>
    Hot,

    /// <summary>Keys in order, wrapping.</summary>
    Sequential,
}

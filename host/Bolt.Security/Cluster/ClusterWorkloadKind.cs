namespace Bolt.Security.Cluster;

/// <summary>The workloads of the cluster pair: what an application could ask, from the harmless to the worst case for balance.</summary>
public enum ClusterWorkloadKind
{
    /// <summary>Every request a uniformly random loaded key (half gets, half puts).</summary>
    Uniform,

    /// <summary>Every request the same key: all of an epoch lands on one shard, and de-duplication makes it one access.</summary>
    HotKey,

    /// <summary>
    /// Every request a distinct key of shard 0 (chosen with the secret shard key, a worst case no host-side party can
    /// arrange): far more real requests than the batch holds, so most overflow and wait.
    /// </summary>
    OneShard,
}

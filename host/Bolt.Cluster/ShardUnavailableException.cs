namespace Bolt.Cluster;

/// <summary>No live silo owns the shard's device (it is down or has not joined yet); nothing was sent to any device.</summary>
[Orleans.GenerateSerializer]
public sealed class ShardUnavailableException : Exception
{
    /// <summary>Creates the exception for <paramref name="shard"/>.</summary>
    public ShardUnavailableException(long shard)
        : base($"No live silo owns the device of shard {shard}; its silo is down or has not joined the cluster yet.") => Shard = shard;

    /// <summary>The shard.</summary>
    [Orleans.Id(0)]
    public long Shard { get; }
}

using Bolt.Core;

namespace Bolt.Cluster.Client;

/// <summary>How a <see cref="ShardedObliviousMap"/>'s load balancer runs its epochs.</summary>
public sealed record ShardedMapOptions
{
    /// <summary>
    /// How often an epoch starts (default 10 ms): requests wait for the next epoch, and every shard gets one padded batch
    /// per epoch, also when no request came. Longer epochs pad less (B/(R/S) falls as R grows) but add latency.
    /// <see cref="Timeout.InfiniteTimeSpan"/> runs an epoch only when <c>RunEpochAsync</c> is called (tests and experiments).
    /// </summary>
    public TimeSpan EpochLength { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// λ: a shard receives more real requests than its padded batch with probability at most 2^-λ per epoch (default 128,
    /// Snoopy's choice). It never leaks either way; an overflowing request waits one more epoch.
    /// </summary>
    public int SecurityParameter { get; init; } = 128;

    /// <summary>How each epoch's batch size is chosen; only the leakage suite's positive control changes it.</summary>
    internal BatchSizing Sizing { get; init; } = BatchSizing.SnoopyBound;

    /// <summary>Throws <see cref="BoltConfigurationException"/> naming a bad option.</summary>
    public void Validate()
    {
        if (EpochLength != Timeout.InfiniteTimeSpan && (EpochLength <= TimeSpan.Zero || EpochLength > TimeSpan.FromSeconds(10)))
        {
            throw new BoltConfigurationException(nameof(EpochLength), $"EpochLength = {EpochLength.TotalMilliseconds} ms must be above 0 and at most 10 s.");
        }

        if (SecurityParameter is < 8 or > 256)
        {
            throw new BoltConfigurationException(nameof(SecurityParameter), $"SecurityParameter = {SecurityParameter} must be between 8 and 256.");
        }
    }
}

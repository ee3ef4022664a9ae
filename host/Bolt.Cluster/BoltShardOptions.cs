using Bolt.Core;
using Bolt.Core.Device;

namespace Bolt.Cluster;

/// <summary>What a silo contributes to a Bolt cluster: the shard numbers whose devices it owns, and how to build each.</summary>
public sealed class BoltShardOptions
{
    /// <summary>The shard numbers this silo owns (none: the silo only routes and places).</summary>
    public IReadOnlyList<int> Shards { get; init; } = [];

    /// <summary>Builds the device of a shard (the simulator, the kernel, or a `bolt serve` daemon through RemoteDevice).</summary>
    public Func<int, IBoltDevice>? CreateDevice { get; init; }

    /// <summary>
    /// Whether the silo disposes its devices when it stops (default). False for devices whose life is longer than the
    /// silo's (a device the caller keeps, as a daemon keeps its device across the relay's restarts).
    /// </summary>
    public bool DisposeDevices { get; init; } = true;

    /// <summary>Checks the options.</summary>
    /// <exception cref="BoltConfigurationException">A shard number repeats or is negative, or shards have no device factory.</exception>
    public void Validate()
    {
        if (Shards.Any(shard => shard < 0) || Shards.Distinct().Count() != Shards.Count)
        {
            throw new BoltConfigurationException(nameof(Shards), $"Shard numbers must be distinct and non-negative; got {string.Join(",", Shards)}.");
        }

        if (Shards.Count > 0 && CreateDevice is null)
        {
            throw new BoltConfigurationException(nameof(CreateDevice), "A silo that owns shards needs a device factory.");
        }
    }
}

using Bolt.Core;
using Bolt.Core.Device;
using Bolt.Server.Durability;

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

    /// <summary>
    /// Makes the shards' devices durable: shard k keeps checkpoints, a write-ahead log and its host region in
    /// DataDirectory/shard-k (<see cref="DurableStore"/>), recovers from there when the silo starts, and acknowledges a
    /// frame only once its log record is on disk, so a silo killed (kill -9) and restarted on the same directory loses no
    /// acknowledged write. Null (default): devices from <see cref="CreateDevice"/>.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>With <see cref="DataDirectory"/>: builds a shard's device fresh or from a checkpoint (the simulator today).</summary>
    public Func<int, IDurableDeviceFactory>? CreateDurableDevice { get; init; }

    /// <summary>With <see cref="DataDirectory"/>: a checkpoint (and log truncation) every this many log records; 0 only at shutdown.</summary>
    public long CheckpointEveryRecords { get; init; } = 100_000;

    /// <summary>Checks the options.</summary>
    /// <exception cref="BoltConfigurationException">A shard number repeats or is negative, or shards have no device factory.</exception>
    public void Validate()
    {
        if (Shards.Any(shard => shard < 0) || Shards.Distinct().Count() != Shards.Count)
        {
            throw new BoltConfigurationException(nameof(Shards), $"Shard numbers must be distinct and non-negative; got {string.Join(",", Shards)}.");
        }

        if (Shards.Count > 0 && DataDirectory is null && CreateDevice is null)
        {
            throw new BoltConfigurationException(nameof(CreateDevice), "A silo that owns shards needs a device factory.");
        }

        if (DataDirectory is not null && CreateDurableDevice is null)
        {
            throw new BoltConfigurationException(nameof(CreateDurableDevice), "Durable shards (a data directory) need a durable device factory.");
        }

        if (CheckpointEveryRecords < 0)
        {
            throw new BoltConfigurationException(nameof(CheckpointEveryRecords), "CheckpointEveryRecords must be 0 (only at shutdown) or a number of log records.");
        }
    }
}

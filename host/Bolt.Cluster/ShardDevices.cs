using Bolt.Core.Durability;
using Bolt.Server.Durability;

namespace Bolt.Cluster;

/// <summary>
/// The devices this silo owns, by shard number: created (or, durable ones, recovered from their directories) when the
/// silo starts, closed when it stops. The shard grain of shard k reaches device k only here, so a grain activated on a
/// silo without the device finds nothing to relay to.
/// </summary>
public sealed class ShardDevices : IDisposable
{
    private readonly Dictionary<int, ShardDevice> _devices;

    /// <summary>Builds every device of <paramref name="options"/>.</summary>
    public ShardDevices(BoltShardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _devices = [];
        try
        {
            foreach (int shard in options.Shards)
            {
                _devices.Add(shard, options.DataDirectory is null
                    ? new ShardDevice(options.CreateDevice!(shard), options.DisposeDevices)
                    : new ShardDevice(OpenDurable(options, shard)));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The shard numbers owned here, ascending.</summary>
    public IReadOnlyList<int> Shards => [.. _devices.Keys.Order()];

    /// <summary>The device of <paramref name="shard"/>, if this silo owns it.</summary>
    public bool TryGet(int shard, out ShardDevice device) => _devices.TryGetValue(shard, out device!);

    /// <summary>Where durable shard <paramref name="shard"/> keeps its state under <paramref name="dataDirectory"/>.</summary>
    public static string DirectoryOf(string dataDirectory, int shard) => Path.Combine(dataDirectory, $"shard-{shard}");

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var device in _devices.Values)
        {
            device.Dispose();
        }

        _devices.Clear();
    }

    /// <summary>Recovers (or creates, awaiting the client's sealed load) shard <paramref name="shard"/>'s durable device.</summary>
    private static DurableStore OpenDurable(BoltShardOptions options, int shard)
    {
        string directory = DirectoryOf(options.DataDirectory!, shard);
        Directory.CreateDirectory(directory);
        var durability = new DurabilityOptions
        {
            Directory = directory,
            GroupCommitDelay = TimeSpan.Zero, // the balancer sends a shard one frame per epoch: nothing to group
            CheckpointEveryRecords = options.CheckpointEveryRecords,
            Counter = new FileCounter(Path.Combine(directory, "counter")),
        };
        return DurableStore.Open(durability, options.CreateDurableDevice!(shard), initialiseEmpty: false);
    }
}

using Bolt.Core.Device;

namespace Bolt.Cluster;

/// <summary>
/// The devices this silo owns, by shard number: created when the silo starts, disposed when it stops. The shard grain
/// of shard k reaches device k only here, so a grain activated on a silo without the device finds nothing to relay to.
/// </summary>
public sealed class ShardDevices : IDisposable
{
    private readonly Dictionary<int, IBoltDevice> _devices;
    private readonly bool _dispose;

    /// <summary>Builds every device of <paramref name="options"/>.</summary>
    public ShardDevices(BoltShardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _devices = [];
        _dispose = options.DisposeDevices;
        try
        {
            foreach (int shard in options.Shards)
            {
                _devices.Add(shard, options.CreateDevice!(shard));
            }
        }
        catch
        {
            foreach (var device in _devices.Values)
            {
                device.Dispose();
            }

            throw;
        }
    }

    /// <summary>The shard numbers owned here, ascending.</summary>
    public IReadOnlyList<int> Shards => [.. _devices.Keys.Order()];

    /// <summary>The device of <paramref name="shard"/>, if this silo owns it.</summary>
    public bool TryGet(int shard, out IBoltDevice device) => _devices.TryGetValue(shard, out device!);

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var device in _devices.Values.Where(_ => _dispose))
        {
            device.Dispose();
        }

        _devices.Clear();
    }
}

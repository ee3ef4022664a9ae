using Bolt.Core;

namespace Bolt.Sim;

/// <summary>
/// The memory the simulator takes for a configuration — its model of HBM (position map, record pool, lists,
/// counters) and the host region of sealed pages — checked before anything is allocated, so a map too large for
/// this machine fails at once with one line that names the option to lower, rather than deep in an allocation.
/// </summary>
public sealed record SimulatorFootprint
{
    /// <summary>Position map: P × 32 B.</summary>
    public required long PositionMapBytes { get; init; }

    /// <summary>Record pool and its free list: R × (slot + 4) B.</summary>
    public required long RecordBytes { get; init; }

    /// <summary>Eviction-buffer lists, bin loads and page versions.</summary>
    public required long ListBytes { get; init; }

    /// <summary>The host region: H × PageBytes.</summary>
    public required long HostBytes { get; init; }

    /// <summary>Everything together.</summary>
    public long TotalBytes => PositionMapBytes + RecordBytes + ListBytes + HostBytes;

    /// <summary>The footprint of a configuration.</summary>
    public static SimulatorFootprint Of(BoltParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new SimulatorFootprint
        {
            PositionMapBytes = (long)p.PositionSlots * BoltParameters.PositionEntryBytes,
            RecordBytes = (long)p.RecordCapacity * (p.SlotBytes + sizeof(uint)),
            ListBytes = ((long)p.HostPages * ((p.SlotsPerBin * sizeof(uint)) + sizeof(int) + sizeof(ulong))) + ((long)p.Bins * sizeof(ushort)),
            HostBytes = p.HostBytes,
        };
    }

    /// <summary>
    /// Throws when the configuration needs more than <paramref name="availableBytes"/>. The error names the option
    /// that pushes it over: the value size if the same map with 8-byte values would fit, else the capacity.
    /// </summary>
    /// <exception cref="BoltConfigurationException">The simulator would not fit in memory.</exception>
    public static void EnsureFits(BoltParameters p, long availableBytes)
    {
        var footprint = Of(p);
        if (footprint.TotalBytes <= availableBytes)
        {
            return;
        }

        var smallValues = new BoltParameters(p.Capacity, p.BinFactor, p.HbmFraction, BoltParameters.DefaultValueSize, p.StashCapacity);
        string option = p.ValueSize > BoltParameters.DefaultValueSize && Of(smallValues).TotalBytes <= availableBytes ? "value-size" : "capacity";
        throw new BoltConfigurationException(option,
            $"the simulator needs {Gib(footprint.TotalBytes)} (host region {Gib(footprint.HostBytes)}, position map {Gib(footprint.PositionMapBytes)}, " +
            $"records {Gib(footprint.RecordBytes)}, lists {Gib(footprint.ListBytes)}) and this machine has {Gib(availableBytes)} available; lower --{option}.");
    }

    /// <summary>The memory the process may use: the GC's view of physical memory or the container limit.</summary>
    public static long AvailableBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    private static string Gib(long bytes) => $"{bytes / (double)(1L << 30):F1} GiB";
}

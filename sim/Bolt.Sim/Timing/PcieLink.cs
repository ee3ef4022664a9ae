namespace Bolt.Sim.Timing;

/// <summary>
/// The PCIe link between the kernel and host memory, full duplex: read completions flow host→device,
/// writes device→host. Each direction carries one transfer at a time at the link's bandwidth.
/// </summary>
public sealed class PcieLink(PlatformPreset platform)
{
    private readonly double _bytesPerCycle = platform.PerCycle(platform.PcieBytesPerSecond);
    private readonly TransferCycleCache _cycles = new();
    private long _toDeviceFree;
    private long _toHostFree;

    /// <summary>Round trip of a dependent read, in cycles.</summary>
    public long RoundTrip { get; } = platform.NsToCycles(platform.PcieRoundTripNs);

    /// <summary>Cycles to move <paramref name="bytes"/> across the link.</summary>
    public long TransferCycles(int bytes) => _cycles.Of(bytes, _bytesPerCycle);

    /// <summary>A read of host memory issued at <paramref name="issue"/>; returns the cycle its last byte arrives.</summary>
    public long Read(long issue, int bytes)
    {
        long start = Math.Max(issue + RoundTrip, _toDeviceFree);
        _toDeviceFree = start + TransferCycles(bytes);
        return _toDeviceFree;
    }

    /// <summary>
    /// A frame the host pushes to the device at <paramref name="submit"/> (a posted write into the device's command
    /// buffer): half a round trip, then the transfer on the host→device direction; returns the cycle its last byte is in.
    /// </summary>
    public long Push(long submit, int bytes)
    {
        long start = Math.Max(submit + (RoundTrip / 2), _toDeviceFree);
        _toDeviceFree = start + TransferCycles(bytes);
        return _toDeviceFree;
    }

    /// <summary>The earliest cycle a write ready at <paramref name="ready"/> can be issued.</summary>
    public long WriteIssue(long ready) => Math.Max(ready, _toHostFree);

    /// <summary>A posted write issued at <paramref name="issue"/>; returns the cycle its last byte has left.</summary>
    public long Write(long issue, int bytes)
    {
        long start = Math.Max(issue, _toHostFree);
        _toHostFree = start + TransferCycles(bytes);
        return _toHostFree;
    }

    /// <summary>The cycles each direction is next free (a checkpoint keeps the modeled clock).</summary>
    internal (long ToDevice, long ToHost) Free
    {
        get => (_toDeviceFree, _toHostFree);
        set => (_toDeviceFree, _toHostFree) = value;
    }
}

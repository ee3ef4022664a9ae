namespace Bolt.Sim.Timing;

/// <summary>One HBM pseudo-channel: a fixed read latency, then the data at the channel's bandwidth, one burst at a time.</summary>
public sealed class HbmChannel(PlatformPreset platform)
{
    private readonly double _bytesPerCycle = Math.Min(platform.PerCycle(platform.HbmChannelBytesPerSecond), platform.HbmPortBytesPerCycle);
    private readonly TransferCycleCache _cycles = new();
    private long _free;

    /// <summary>A read of <paramref name="bytes"/> issued at <paramref name="issue"/>; returns the cycle its data is in.</summary>
    public long Read(long issue, int bytes)
    {
        long start = Math.Max(issue, _free);
        _free = start + _cycles.Of(bytes, _bytesPerCycle);
        return _free + platform.HbmReadLatencyCycles;
    }

    /// <summary>
    /// When the first beat of a read issued at <paramref name="issue"/> would be in (call before <see cref="Read"/>):
    /// the words a burst leads with, such as the page versions ahead of the records.
    /// </summary>
    public long FirstBeat(long issue) => Math.Max(issue, _free) + 1 + platform.HbmReadLatencyCycles;

    /// <summary>A posted write; returns the cycle the channel is free again.</summary>
    public long Write(long issue, int bytes)
    {
        long start = Math.Max(issue, _free);
        _free = start + _cycles.Of(bytes, _bytesPerCycle);
        return _free;
    }

    /// <summary>The cycle the channel is next free (a checkpoint keeps the modeled clock).</summary>
    internal long Free { get => _free; set => _free = value; }
}

using Bolt.Core;
using Bolt.Sim.Timing;

namespace Bolt.OpenCl;

/// <summary>
/// The cycle counts the kernel's schedule adds and compares (SPEC §9), computed on the host from a platform
/// preset with exactly the double arithmetic of sim/Bolt.Sim/Timing, so the kernel stays integer-only and its
/// trace cycles equal the simulator's bit for bit.
/// </summary>
public sealed class KernelTiming
{
    private readonly BoltParameters _p;
    private readonly PlatformPreset _platform;
    private readonly double _linkBytesPerCycle;
    private readonly double _hbmBytesPerCycle;

    /// <summary>Derives the table for a configuration on a platform.</summary>
    public KernelTiming(BoltParameters parameters, PlatformPreset platform)
    {
        _p = parameters;
        _platform = platform;
        _linkBytesPerCycle = platform.PerCycle(platform.PcieBytesPerSecond);
        _hbmBytesPerCycle = Math.Min(platform.PerCycle(platform.HbmChannelBytesPerSecond), platform.HbmPortBytesPerCycle);
        long hbmBytesPerAccess = new AccessSchedule(parameters, platform).HbmBytesPerAccess;
        RoundTrip = platform.NsToCycles(platform.PcieRoundTripNs);
        PageLink = LinkCycles(parameters.PageBytes);
        PageAes = (long)Math.Ceiling((double)parameters.PageBytes / platform.AesGcmBytesPerCycle);
        WindowHbm = (long)Math.Ceiling(BoltParameters.ProbeWindow * BoltParameters.PositionEntryBytes / _hbmBytesPerCycle);
        RecordHbm = (long)Math.Ceiling((int)(hbmBytesPerAccess / 2) / _hbmBytesPerCycle);
        Modify = (long)platform.ModifyCyclesPerSlot * parameters.SlotsPerBin;
        Turnaround = platform.NsToCycles(platform.HostTurnaroundNs);
        AesFill = platform.AesGcmFillCycles;
        AesBytesPerCycle = platform.AesGcmBytesPerCycle;
        HbmLatency = platform.HbmReadLatencyCycles;
        PipelineDepth = platform.PipelineDepth;
        int stripedWindowBytes = ((BoltParameters.ProbeWindow * BoltParameters.PositionEntryBytes) + platform.ProbeWindowChannels - 1) / platform.ProbeWindowChannels;
        WindowStriped = (long)Math.Ceiling(stripedWindowBytes / _hbmBytesPerCycle);
        GhashTail = platform.GhashTailCycles;
        GhashBytesPerCycle = platform.GhashBytesPerCycle;
        PageGhash = (long)Math.Ceiling((double)parameters.PageBytes / platform.GhashBytesPerCycle);
        ResponseSelect = platform.ResponseSelectCycles;
    }

    /// <summary>The HBM channel time of one stripe of the probe window (the pipelined kernel reads the stripes in parallel).</summary>
    public long WindowStriped { get; }

    /// <summary>A GHASH unit's last input to its tag.</summary>
    public long GhashTail { get; }

    /// <summary>Bytes a GHASH unit absorbs per cycle (an integer, so the kernel's ceiling division equals the simulator's).</summary>
    public long GhashBytesPerCycle { get; }

    /// <summary>One GHASH pass over a page.</summary>
    public long PageGhash { get; }

    /// <summary>A page's last byte in to the response record selected.</summary>
    public long ResponseSelect { get; }

    /// <summary>Accesses in flight (SPEC §9.2); 0 selects the sequential schedule (§9.1).</summary>
    public int PipelineDepth { get; }

    /// <summary>Pipeline fill of the AES-GCM engine.</summary>
    public long AesFill { get; }

    /// <summary>Bytes the AES-GCM engine takes per cycle (an integer, so the kernel's ceiling division equals the simulator's).</summary>
    public long AesBytesPerCycle { get; }

    /// <summary>Latency of one random HBM read.</summary>
    public long HbmLatency { get; }

    /// <summary>PCIe round trip of a dependent read.</summary>
    public long RoundTrip { get; }

    /// <summary>PCIe transfer of one page.</summary>
    public long PageLink { get; }

    /// <summary>One AES-GCM pass over a page, without the fill.</summary>
    public long PageAes { get; }

    /// <summary>The HBM channel time of the whole probe window.</summary>
    public long WindowHbm { get; }

    /// <summary>The HBM channel time of half the padded per-access record traffic.</summary>
    public long RecordHbm { get; }

    /// <summary>The modify step between the last open and the first seal.</summary>
    public long Modify { get; }

    /// <summary>The host's relay time between a response and the next batch.</summary>
    public long Turnaround { get; }

    /// <summary>PCIe transfer cycles of <paramref name="bytes"/> (a sealed frame of commands or responses).</summary>
    public long LinkCycles(int bytes) => (long)Math.Ceiling(bytes / _linkBytesPerCycle);

    /// <summary>HBM time to place a bulk load of <paramref name="items"/> over every pseudo-channel.</summary>
    public long LoadHbmCycles(int items)
    {
        long hbmBytes = (long)items * (BoltParameters.PositionEntryBytes + _p.SlotBytes);
        double allChannelsPerCycle = _platform.PerCycle(_platform.HbmChannelBytesPerSecond) * _platform.HbmPseudoChannels;
        return (long)Math.Ceiling(hbmBytes / allChannelsPerCycle);
    }
}

using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Sim.Timing;

namespace Bolt.OpenCl;

/// <summary>
/// Where the kernel's device-memory buffers go on a platform's HBM: each kernel port (one <c>m_axi</c> bundle per
/// argument, hardware/kernel/bolt_kernel.c) gets its own run of consecutive pseudo-channels, as many as its buffer
/// needs (a port bound to <c>HBM[a:b]</c> sees those channels as one address range), in argument order from
/// channel 0. The configuration fits when the runs need no more channels than the platform has. The sealed host
/// pages are not here: they live in host memory (<c>HOST[0]</c>).
/// </summary>
public sealed class HbmPlan
{
    private HbmPlan(IReadOnlyList<HbmBuffer> buffers, int channels, long channelBytes)
    {
        Buffers = buffers;
        PlatformChannels = channels;
        ChannelBytes = channelBytes;
    }

    /// <summary>Every kernel buffer with its bytes and channel run, in port order.</summary>
    public IReadOnlyList<HbmBuffer> Buffers { get; }

    /// <summary>Pseudo-channels the platform has.</summary>
    public int PlatformChannels { get; }

    /// <summary>Bytes of one pseudo-channel.</summary>
    public long ChannelBytes { get; }

    /// <summary>Pseudo-channels the runs take in all.</summary>
    public int ChannelsUsed => Buffers.Sum(b => b.Channels);

    /// <summary>Bytes of HBM the buffers take in all.</summary>
    public long TotalBytes => Buffers.Sum(b => b.Bytes);

    /// <summary>Whether every buffer gets its run of channels on the platform.</summary>
    public bool Fits => ChannelsUsed <= PlatformChannels;

    /// <summary>The plan for a configuration on a platform.</summary>
    public static HbmPlan For(BoltParameters p, PlatformPreset platform)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(platform);
        var sizes = new (string Port, string Holds, long Bytes)[]
        {
            ("state", "counters, timing words", KernelAbi.StateWords * sizeof(ulong)),
            ("posmap", "position map: P × 32 B", (long)p.PositionSlots * BoltParameters.PositionEntryBytes),
            ("records", "record pool: R × slot", (long)p.RecordCapacity * p.SlotBytes),
            ("freelist", "free list: R × u32", (long)p.RecordCapacity * sizeof(uint)),
            ("loads", "bin loads: M × u16", (long)p.Bins * sizeof(ushort)),
            ("versions", "page versions: H × u64", (long)p.HostPages * sizeof(ulong)),
            ("pending", "eviction buffer: H × (1 + l_max) × u32", (long)p.HostPages * (p.SlotsPerBin + 1) * sizeof(uint)),
            ("scratch", "sessions, response caches, load staging", KernelAbi.ScratchBytes(p)),
            ("cmds", "command records; the whole bulk load (N × command)", Math.Max((long)p.Capacity, ChannelEndpoint.MaxFrameRecords) * p.CommandBytes),
            ("rsps", "response records of a batch", (long)ChannelEndpoint.MaxFrameRecords * p.ResponseBytes),
            ("trace", "trace rows of a call (load: 1 + H)", (1L + Math.Max(p.HostPages, 4L * ChannelEndpoint.MaxFrameRecords)) * KernelAbi.TraceRowWords * sizeof(ulong)),
            ("frame", "a sealed frame in private memory", FrameLayout.Bytes(1, p.CommandBytes) + ((long)Math.Max(p.Capacity, ChannelEndpoint.MaxFrameRecords) * p.CommandBytes)),
        };

        var buffers = new List<HbmBuffer>(sizes.Length);
        int next = 0;
        foreach (var (port, holds, bytes) in sizes)
        {
            int channels = (int)Math.Max(1, (bytes + platform.HbmChannelBytes - 1) / platform.HbmChannelBytes);
            buffers.Add(new HbmBuffer(port, holds, bytes, next, channels));
            next += channels;
        }

        return new HbmPlan(buffers, platform.HbmPseudoChannels, platform.HbmChannelBytes);
    }
}

/// <summary>One kernel buffer in HBM: its port, what it holds, its size and its run of pseudo-channels.</summary>
public sealed record HbmBuffer(string Port, string Holds, long Bytes, int FirstChannel, int Channels)
{
    /// <summary>The run as connectivity.cfg spells it: <c>HBM[3]</c> or <c>HBM[3:6]</c>.</summary>
    public string Bank => Channels == 1 ? $"HBM[{FirstChannel}]" : $"HBM[{FirstChannel}:{FirstChannel + Channels - 1}]";
}

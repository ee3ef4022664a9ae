namespace Bolt.Sim.Timing;

/// <summary>
/// The timing facts of one accelerator platform. Every number lives here, with its unit and source, so the
/// timing code holds no constants of its own (hardware engineers change a preset, not the model).
/// </summary>
public sealed record PlatformPreset
{
    /// <summary>Preset name, as the CLI spells it.</summary>
    public required string Name { get; init; }

    /// <summary>Kernel clock (ap_clk) in Hz; every cycle in the model and the trace is one of these.</summary>
    public required double KernelClockHz { get; init; }

    /// <summary>HBM pseudo-channels available to the kernel.</summary>
    public required int HbmPseudoChannels { get; init; }

    /// <summary>Capacity of one HBM pseudo-channel, bytes (a kernel port bound to one channel sees only this much).</summary>
    public required long HbmChannelBytes { get; init; }

    /// <summary>Bandwidth of one HBM pseudo-channel, bytes per second.</summary>
    public required double HbmChannelBytesPerSecond { get; init; }

    /// <summary>Width of a kernel HBM port after HLS widening, bytes per kernel cycle (512 bit).</summary>
    public required int HbmPortBytesPerCycle { get; init; }

    /// <summary>Latency of one random HBM read as the kernel sees it (controller plus m_axi), in kernel cycles.</summary>
    public required int HbmReadLatencyCycles { get; init; }

    /// <summary>Sustained bandwidth of the PCIe link to host memory, bytes per second, each direction.</summary>
    public required double PcieBytesPerSecond { get; init; }

    /// <summary>Round trip of one dependent read of host memory from the kernel, in nanoseconds.</summary>
    public required double PcieRoundTripNs { get; init; }

    /// <summary>Pipeline fill of the AES-GCM engine, in kernel cycles.</summary>
    public required int AesGcmFillCycles { get; init; }

    /// <summary>AES-GCM throughput once full, bytes per kernel cycle (one 128-bit block per cycle at II = 1).</summary>
    public required int AesGcmBytesPerCycle { get; init; }

    /// <summary>On-chip cycles per slot for the modify step (scan, merge, update), in kernel cycles.</summary>
    public required int ModifyCyclesPerSlot { get; init; }

    /// <summary>Host runtime time between a response arriving and the next batch being submitted, in nanoseconds.</summary>
    public required double HostTurnaroundNs { get; init; }

    /// <summary>
    /// Accesses the kernel keeps in flight (SPEC §9.2), a build constant of the kernel: 1..<see
    /// cref="MaxPipelineDepth"/>, or 0 for the sequential schedule of SPEC §9.1 (one access at a time), kept for
    /// comparison. Absent from a preset file means the default.
    /// </summary>
    public int PipelineDepth { get; init; } = DefaultPipelineDepth;

    /// <summary>The depth the U55C design is built with: the knee of the measured depth sweep (SPEC §9.2).</summary>
    public const int DefaultPipelineDepth = 8;

    /// <summary>The most accesses the kernel can keep in flight (its on-chip page buffers are sized for this many).</summary>
    public const int MaxPipelineDepth = 32;

    /// <summary>Whether the pipelined schedule (SPEC §9.2) applies rather than the sequential one.</summary>
    public bool IsPipelined => PipelineDepth > 0;

    /// <summary>Converts nanoseconds to kernel cycles, rounding up.</summary>
    public long NsToCycles(double ns) => (long)Math.Ceiling(ns * KernelClockHz / 1e9);

    /// <summary>Converts kernel cycles to seconds.</summary>
    public double CyclesToSeconds(long cycles) => cycles / KernelClockHz;

    /// <summary>Bytes per kernel cycle of a bandwidth in bytes per second.</summary>
    public double PerCycle(double bytesPerSecond) => bytesPerSecond / KernelClockHz;
}

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

    /// <summary>
    /// Bytes of ciphertext the pipelined kernel's GHASH units absorb per cycle (SPEC §9.2): four GF(2^128)
    /// multipliers over H, H², H³, H⁴ (aggregated GHASH), 64 B, more than the U55C link's rate so that a page is
    /// checked as it streams in. A kernel design constant, like the depth.
    /// </summary>
    public int GhashBytesPerCycle { get; init; } = 64;

    /// <summary>
    /// Cycles from a GHASH unit's last input to its tag checked or out: the multipliers' pipeline (2), the sum of
    /// the lanes (1), the XOR with the precomputed E(J0) and the compare (1). A design estimate that a csynth report
    /// replaces.
    /// </summary>
    public int GhashTailCycles { get; init; } = 4;

    /// <summary>
    /// Pseudo-channels the position map is striped over, entry by entry, so that the pipelined kernel reads its
    /// probe window as that many parallel bursts (SPEC §9.2); a power of two.
    /// </summary>
    public int ProbeWindowChannels { get; init; } = 8;

    /// <summary>
    /// Cycles from a page's last byte in to the access's response record selected: the decrypt XOR and the masked
    /// select over the slots already compared as they streamed in.
    /// </summary>
    public int ResponseSelectCycles { get; init; } = 2;

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

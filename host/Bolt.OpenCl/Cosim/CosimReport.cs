using System.Text.Json.Serialization;

namespace Bolt.OpenCl.Cosim;

/// <summary>The outcome of one co-simulation: the devices compared, whether everything matched, and the first divergence.</summary>
public sealed record CosimReport
{
    /// <summary>Device names, the reference first.</summary>
    [JsonPropertyName("devices")]
    public required IReadOnlyList<string> Devices { get; init; }

    /// <summary>Commands served after the load.</summary>
    [JsonPropertyName("ops")]
    public required int Ops { get; init; }

    /// <summary>Trace rows per device (the reference's count).</summary>
    [JsonPropertyName("trace_rows")]
    public required int TraceRows { get; init; }

    /// <summary>Every response record equal on every device.</summary>
    [JsonPropertyName("responses_equal")]
    public required bool ResponsesEqual { get; init; }

    /// <summary>Every trace row's op, kind, address and bytes equal.</summary>
    [JsonPropertyName("trace_equal")]
    public required bool TraceEqual { get; init; }

    /// <summary>Every trace row's cycle equal (tolerance: 0 cycles).</summary>
    [JsonPropertyName("cycles_equal")]
    public required bool CyclesEqual { get; init; }

    /// <summary>The final host memory equal byte for byte.</summary>
    [JsonPropertyName("host_memory_equal")]
    public required bool HostMemoryEqual { get; init; }

    /// <summary>Devices also run over the sealed channel (SPEC §10), the simulator first; empty when the sealed path was left out.</summary>
    [JsonPropertyName("sealed_devices")]
    public required IReadOnlyList<string> SealedDevices { get; init; }

    /// <summary>Sealed frames per device call: 1, or more for multi-frame submission (the sealed runs are then compared with the simulator's sealed run).</summary>
    [JsonPropertyName("frames_per_call")]
    public int FramesPerCall { get; init; } = 1;

    /// <summary>Every device's hello and sealed response frames equal the simulator's, byte for byte.</summary>
    [JsonPropertyName("sealed_frames_equal")]
    public required bool SealedFramesEqual { get; init; }

    /// <summary>
    /// Every sealed-path run (the simulator's included) equals the plaintext reference: opened responses, trace rows
    /// with their cycles, and host memory (SPEC §10.6: the port and the channel are one device, timed alike).
    /// </summary>
    [JsonPropertyName("sealed_equal")]
    public required bool SealedEqual { get; init; }

    /// <summary>The first divergence found, or null.</summary>
    [JsonPropertyName("first_divergence")]
    public required Divergence? FirstDivergence { get; init; }

    /// <summary>Wall time per device, the reference first.</summary>
    [JsonPropertyName("timings")]
    public required IReadOnlyList<DeviceTiming> Timings { get; init; }

    /// <summary>True when the devices agree on everything, cycles included.</summary>
    [JsonIgnore]
    public bool AllEqual => ResponsesEqual && TraceEqual && CyclesEqual && HostMemoryEqual && SealedFramesEqual && SealedEqual;
}

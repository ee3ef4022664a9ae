using System.Text.Json.Serialization;

namespace Bolt.OpenCl.Cosim;

/// <summary>Wall-clock cost of one device's run: the bulk load, then the batches.</summary>
/// <param name="Device">The device's name.</param>
/// <param name="InitSeconds">Initialisation and bulk load.</param>
/// <param name="ExecuteSeconds">All batches.</param>
/// <param name="Ops">Commands in the batches.</param>
/// <param name="Kernel">A kernel device's launches during the batches (host wall time and, where profiled, kernel time); null for the simulator and the C-sim.</param>
public sealed record DeviceTiming(
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("init_seconds")] double InitSeconds,
    [property: JsonPropertyName("execute_seconds")] double ExecuteSeconds,
    [property: JsonIgnore] int Ops,
    [property: JsonPropertyName("kernel"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] KernelProfile? Kernel = null)
{
    /// <summary>Wall microseconds per command, the load excluded.</summary>
    [JsonPropertyName("us_per_op")]
    public double MicrosecondsPerOp => Ops == 0 ? 0 : ExecuteSeconds / Ops * 1e6;

    /// <summary>Kernel (device) microseconds per command during the batches, when the runtime profiles launches.</summary>
    [JsonPropertyName("kernel_us_per_op"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? KernelMicrosecondsPerOp => Ops == 0 || Kernel?.KernelSeconds is not { } k ? null : k / Ops * 1e6;
}

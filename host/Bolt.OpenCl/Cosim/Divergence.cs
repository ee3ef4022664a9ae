using System.Text.Json.Serialization;

namespace Bolt.OpenCl.Cosim;

/// <summary>The first place a device's output differs from the reference's.</summary>
/// <param name="Device">The device that diverged.</param>
/// <param name="Kind">What differs: response, trace (op/kind/address/bytes), trace-cycle, trace-length or host-memory.</param>
/// <param name="Index">Command index (response), row index (trace) or byte offset (host memory).</param>
/// <param name="Expected">The reference's value, as text.</param>
/// <param name="Actual">The device's value, as text.</param>
public sealed record Divergence(
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("index")] long Index,
    [property: JsonPropertyName("expected")] string Expected,
    [property: JsonPropertyName("actual")] string Actual)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Device}: {Kind} #{Index}: expected {Expected}, got {Actual}";
}

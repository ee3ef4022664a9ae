using System.Text.Json.Serialization;

namespace Bolt.OpenCl;

/// <summary>
/// Where a kernel device's time went, accumulated over its launches: the launches, the host's wall time around them
/// (argument binding, host-page sync or map, the launch, the wait, the status read-back) and, where the runtime
/// offers timestamps (OpenCL event profiling), the kernel's own time on the device. The difference is the host
/// turnaround a launch costs beyond the kernel.
/// </summary>
/// <param name="Launches">Kernel launches.</param>
/// <param name="LaunchSeconds">Host wall time of those launches, from binding the arguments to reading back the status.</param>
/// <param name="KernelSeconds">Device time of those launches (profiling events), or null when the runtime has none.</param>
public sealed record KernelProfile(
    [property: JsonPropertyName("launches")] long Launches,
    [property: JsonPropertyName("launch_seconds")] double LaunchSeconds,
    [property: JsonPropertyName("kernel_seconds")] double? KernelSeconds)
{
    /// <summary>Nothing yet.</summary>
    public static KernelProfile None { get; } = new(0, 0, 0);

    /// <summary>Host turnaround per launch (launch wall time minus kernel time) in microseconds, or null without kernel time.</summary>
    [JsonPropertyName("turnaround_us_per_launch")]
    public double? TurnaroundMicrosecondsPerLaunch => Launches == 0 || KernelSeconds is null ? null : (LaunchSeconds - KernelSeconds.Value) / Launches * 1e6;

    /// <summary>This profile with one more launch.</summary>
    public KernelProfile Add(double launchSeconds, double? kernelSeconds) =>
        new(Launches + 1, LaunchSeconds + launchSeconds, KernelSeconds is null || kernelSeconds is null ? null : KernelSeconds + kernelSeconds);

    /// <summary>What was spent since <paramref name="earlier"/> (a snapshot of the same device).</summary>
    public KernelProfile Since(KernelProfile earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new(Launches - earlier.Launches, LaunchSeconds - earlier.LaunchSeconds, KernelSeconds - earlier.KernelSeconds);
    }
}

/// <summary>A device that runs a kernel and can say where its time went (<see cref="OpenClDevice"/>, <see cref="Xrt.XrtDevice"/>).</summary>
public interface IKernelProfiled
{
    /// <summary>The launches so far.</summary>
    KernelProfile Profile { get; }
}

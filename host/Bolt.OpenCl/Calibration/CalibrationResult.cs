using System.Globalization;
using Bolt.Sim.Timing;

namespace Bolt.OpenCl.Calibration;

/// <summary>What the calibration kernel measured: dependent-read latencies and burst bandwidths of both memories.</summary>
public sealed record CalibrationResult(double HbmChaseNs, double HostChaseNs, double HbmReadBytesPerSecond, double HostReadBytesPerSecond, double HostWriteBytesPerSecond)
{
    /// <summary>
    /// The base preset with the measured quantities in place: HBM read latency (cycles of <paramref name="baseline"/>'s
    /// clock), HBM channel bandwidth, host-link bandwidth (the slower of read and write, as pages go both ways) and
    /// host round trip. Everything else is the baseline's.
    /// </summary>
    public PlatformPreset ToPreset(PlatformPreset baseline, string name)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        return baseline with
        {
            Name = name,
            HbmReadLatencyCycles = (int)Math.Ceiling(HbmChaseNs * baseline.KernelClockHz / 1e9),
            HbmChannelBytesPerSecond = HbmReadBytesPerSecond,
            PcieBytesPerSecond = Math.Min(HostReadBytesPerSecond, HostWriteBytesPerSecond),
            PcieRoundTripNs = HostChaseNs,
        };
    }

    /// <summary>The measurements by name, as the preset file records them.</summary>
    public IReadOnlyDictionary<string, double> Named() => new Dictionary<string, double>
    {
        ["hbmChaseNs"] = HbmChaseNs,
        ["hostChaseNs"] = HostChaseNs,
        ["hbmReadBytesPerSecond"] = HbmReadBytesPerSecond,
        ["hostReadBytesPerSecond"] = HostReadBytesPerSecond,
        ["hostWriteBytesPerSecond"] = HostWriteBytesPerSecond,
    };

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"HBM chase {HbmChaseNs:F1} ns, host chase {HostChaseNs:F1} ns, HBM read {HbmReadBytesPerSecond / 1e9:F2} GB/s, host read {HostReadBytesPerSecond / 1e9:F2} GB/s, host write {HostWriteBytesPerSecond / 1e9:F2} GB/s");
}

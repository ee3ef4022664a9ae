using Bolt.Bench.Rules;
using Bolt.Sim;
using Bolt.Sim.Timing;
using Bolt.Sim.Timing.Platforms;
using Bolt.Workloads;

namespace Bolt.Bench.Sweep;

/// <summary>
/// Runs every point of a plan under each device rule with the same YCSB driver (load every key, then a
/// read/update mix checked against the reference model) and collects one <see cref="BenchRow"/> per point and rule.
/// Points shared by several axes run once.
/// </summary>
public sealed class BenchRunner(BenchOptions options, PlatformPreset? platform = null)
{
    private readonly PlatformPreset _platform = platform ?? AlveoU55C.Preset;

    /// <summary>The rules run side by side, in the order they are reported.</summary>
    public static IReadOnlyList<DeviceRule> Rules { get; } = [DeviceRule.Bolt, DeviceRule.Paper, DeviceRule.Plain];

    /// <summary>Runs the plan; <paramref name="progress"/> hears of each finished row.</summary>
    public IReadOnlyList<BenchRow> Run(IReadOnlyList<BenchPoint> points, Action<BenchRow>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        var done = new Dictionary<(string, DeviceRule), BenchRow>();
        var rows = new List<BenchRow>();
        foreach (var point in points)
        {
            foreach (var rule in Rules)
            {
                if (!done.TryGetValue((point.Key, rule), out var row))
                {
                    row = RunOne(point, rule);
                    done[(point.Key, rule)] = row;
                }

                row = row with { Axis = point.Axis };
                rows.Add(row);
                progress?.Invoke(row);
            }
        }

        return rows;
    }

    /// <summary>One point under one rule, on a fresh device.</summary>
    public BenchRow RunOne(BenchPoint point, DeviceRule rule)
    {
        ArgumentNullException.ThrowIfNull(point);
        PeakMemory.Reset();
        var workload = new YcsbOptions { Ops = options.EffectiveOps, Batch = point.Batch, Seed = options.Seed, ReadRatio = options.ReadRatio };
        using var device = Create(point, rule);
        var outcome = new YcsbRunner(device, workload).Run();
        var s = device.Statistics;
        return new BenchRow
        {
            Axis = point.Axis,
            Rule = device.Name,
            Capacity = point.Capacity,
            ValueSize = point.ValueSize,
            HbmFraction = point.HbmFraction,
            BinFactor = point.BinFactor,
            Batch = point.Batch,
            Ops = outcome.Ops,
            Mismatches = outcome.Mismatches + outcome.Errors,
            LatencyMeanUs = s.LatencyMeanUs,
            LatencyP99Us = s.LatencyP99Us,
            ThroughputOpsPerSecond = s.ModeledThroughputOpsPerSecond,
            InitModeledSeconds = s.ModeledInitSeconds,
            WallOpsPerSecond = outcome.WallOpsPerSecond,
            InitWallSeconds = outcome.InitWallSeconds,
            HostBytesPerOp = s.HostBytesPerOp,
            PageBytesPerOp = s.PageBytesPerOp,
            HbmBytesPerOp = s.HbmBytesPerOp,
            PagesTouchedPerOp = s.PagesTouchedPerOp,
            PeakMemoryBytes = PeakMemory.Read(),
            CpuMicrosecondsPerOp = outcome.CpuMicrosecondsPerOp,
        };
    }

    private IModeledDevice Create(BenchPoint point, DeviceRule rule)
    {
        var parameters = point.Parameters;
        SimulatorFootprint.EnsureFits(parameters, SimulatorFootprint.AvailableBytes());
        return rule switch
        {
            DeviceRule.Bolt => new BoltRuleDevice(new SimulatedDeviceOptions { Parameters = parameters, Platform = _platform, Seed = SimulatedDeviceOptions.InsecureFixedKey(options.Seed) }),
            DeviceRule.Paper => new PaperRuleDevice(parameters, _platform, (ulong)options.Seed),
            _ => new PlainHbmDevice(parameters, _platform),
        };
    }
}

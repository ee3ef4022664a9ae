using Bolt.Security.Workloads;
using Bolt.Sim.Timing;

namespace Bolt.Security.Experiments;

/// <summary>
/// Two workloads of the same length that an oblivious map must not let the host tell apart, on a device whose
/// kernel keeps <paramref name="PipelineDepth"/> accesses in flight (0: the sequential schedule).
/// </summary>
public sealed record DistinguishingPair(string Name, WorkloadKind A, WorkloadKind B, int PipelineDepth = PlatformPreset.DefaultPipelineDepth)
{
    /// <summary>The pairs of docs/design.md §2's "not the key, not the op, not whether it exists, not whether it is hot".</summary>
    public static IReadOnlyList<DistinguishingPair> All { get; } =
    [
        new("uniform vs hot key", WorkloadKind.Uniform, WorkloadKind.HotKey),
        new("uniform vs sequential scan", WorkloadKind.Uniform, WorkloadKind.Sequential),
        new("all gets vs all puts", WorkloadKind.AllGets, WorkloadKind.AllPuts),
        new("present vs absent keys", WorkloadKind.PresentKeys, WorkloadKind.AbsentKeys),
        new("insert-heavy vs delete-heavy", WorkloadKind.InsertHeavy, WorkloadKind.DeleteHeavy),
        new("zipf vs uniform", WorkloadKind.Zipf, WorkloadKind.Uniform),
        new("short vs max-length values", WorkloadKind.ShortValues, WorkloadKind.MaxValues),

        // Every pair above runs pipelined (the default depth); the hot key — every access on the item the previous
        // access re-placed, the pipeline's hazard — also on the sequential schedule, which stays a supported mode.
        new("uniform vs hot key, sequential schedule", WorkloadKind.Uniform, WorkloadKind.HotKey, PipelineDepth: 0),

        // A/A: the same workload on both sides, independently seeded. Any rejection here would mean a test
        // is unsound (rejects under its null), not that the device leaks.
        new("uniform vs uniform (A/A calibration)", WorkloadKind.Uniform, WorkloadKind.Uniform),
    ];
}

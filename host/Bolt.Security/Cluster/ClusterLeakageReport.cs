using Bolt.Security.Experiments;

namespace Bolt.Security.Cluster;

/// <summary>One workload's comparison with the uniform one: are the per-shard frames of every epoch identical?</summary>
/// <param name="Workload">The workload compared with <see cref="ClusterWorkloadKind.Uniform"/>.</param>
/// <param name="Sizing">"snoopy" (the product rule) or "observed-max" (the positive control).</param>
/// <param name="Identical">Whether every shard got the same number of frames of the same sizes in every epoch.</param>
/// <param name="BatchSizes">The batch size B of each epoch on this side (records per shard).</param>
/// <param name="FirstDifference">Where the frames first differed, if they did.</param>
public sealed record ClusterFrameCheck(ClusterWorkloadKind Workload, string Sizing, bool Identical, int[] BatchSizes, string? FirstDifference);

/// <summary>What the cluster pair found.</summary>
public sealed record ClusterLeakageReport
{
    /// <summary>The options it ran with.</summary>
    public required ClusterLeakageOptions Options { get; init; }

    /// <summary>Frame checks of the product rule (must be identical) and of the positive control (must differ).</summary>
    public required IReadOnlyList<ClusterFrameCheck> Frames { get; init; }

    /// <summary>The existing per-trace battery on every shard's device trace, workload against uniform, Holm-corrected together.</summary>
    public required IReadOnlyList<TestOutcome> ShardTraceTests { get; init; }

    /// <summary>Requests that failed or were answered wrongly (must be 0).</summary>
    public required long Mismatches { get; init; }

    /// <summary>The first failed request's side and error, when <see cref="Mismatches"/> is not 0.</summary>
    public string? FirstFailure { get; init; }

    /// <summary>The product rule hides the workload: identical frames, no shard-trace test rejects, every answer right.</summary>
    public bool AllPassed => Mismatches == 0 && Frames.Where(f => f.Sizing == "snoopy").All(f => f.Identical) && ShardTraceTests.All(t => !t.Distinguished);

    /// <summary>The positive control (batches sized by the real maximum load) was caught: its frames differ.</summary>
    public bool ControlDetected => Frames.Where(f => f.Sizing == "observed-max").All(f => !f.Identical);

    /// <summary>One line.</summary>
    public string Verdict => (AllPassed, ControlDetected) switch
    {
        (true, true) => "PASS: per-shard frames identical across workloads, every shard trace passes, the max-load control is caught",
        (true, false) => "NO POWER: the max-load control was not caught",
        _ => Mismatches > 0 ? $"FAILED: {Mismatches} requests failed or were answered wrongly; the first: {FirstFailure}" : "FAILED: the cluster traffic depends on the workload",
    };
}

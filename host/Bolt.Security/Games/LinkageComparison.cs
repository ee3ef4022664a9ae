using Bolt.Core.Abi;
using Bolt.Security.Workloads;

namespace Bolt.Security.Games;

/// <summary>
/// One comparison of the selective-failure game: aborted accesses of side A against those of side B. A side
/// is a workload (two runs) or, when both sides name the same workload, a label of its ops (one run).
/// </summary>
/// <param name="Name">The comparison.</param>
/// <param name="A">Side A's workload.</param>
/// <param name="B">Side B's workload.</param>
/// <param name="Retries">The client retries ops answered <c>IntegrityViolation</c>.</param>
/// <param name="InA">Which aborted ops of the run count for side A (all, for a workload pair).</param>
/// <param name="InB">Which aborted ops count for side B.</param>
internal sealed record LinkageComparison(string Name, WorkloadKind A, WorkloadKind B, bool Retries, Func<ServedOp, bool> InA, Func<ServedOp, bool> InB)
{
    private static readonly Func<ServedOp, bool> Every = _ => true;

    /// <summary>The review's comparisons, and an A/A calibration.</summary>
    public static IReadOnlyList<LinkageComparison> All { get; } =
    [
        new("hot key vs uniform keys", WorkloadKind.HotKey, WorkloadKind.Uniform, Retries: false, Every, Every),
        new("present vs absent keys, client retries", WorkloadKind.PresentKeys, WorkloadKind.AbsentKeys, Retries: true, Every, Every),
        new("update vs insert, client retries", WorkloadKind.Mixed, WorkloadKind.Mixed, Retries: true,
            op => op.Op.Op == OpCode.Put && op.Present, op => op.Op.Op == OpCode.Put && !op.Present),
        new("uniform vs uniform, client retries (A/A calibration)", WorkloadKind.Uniform, WorkloadKind.Uniform, Retries: true, Every, Every),
    ];

    /// <summary>True when both sides are labels of one run.</summary>
    public bool OneRun => A == B && (InA != Every || InB != Every);
}

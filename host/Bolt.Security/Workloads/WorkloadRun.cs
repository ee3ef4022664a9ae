using Bolt.Core.Trace;

namespace Bolt.Security.Workloads;

/// <summary>What one workload run left behind: the host-visible trace and the ground truth behind it.</summary>
/// <param name="Kind">The workload.</param>
/// <param name="Rows">Every trace row with op ≥ 0 (the bulk load is not part of the game).</param>
/// <param name="Ops">The ops asked, in order (ground truth, for the oracle adversary only).</param>
/// <param name="PageBytes">Bytes of one host page, to turn addresses into page numbers.</param>
/// <param name="HostPages">Host pages H.</param>
/// <param name="Mismatches">Responses that disagreed with the reference model (must be 0).</param>
public sealed record WorkloadRun(WorkloadKind Kind, IReadOnlyList<TraceRow> Rows, IReadOnlyList<WorkloadOp> Ops, int PageBytes, int HostPages, long Mismatches);

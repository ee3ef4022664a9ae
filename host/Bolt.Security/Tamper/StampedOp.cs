using Bolt.Security.Workloads;

namespace Bolt.Security.Tamper;

/// <summary>An op as the campaign sealed it: a put stores <c>ReferenceValues</c> of (key, <see cref="Stamp"/>).</summary>
internal readonly record struct StampedOp(WorkloadOp Op, ulong Stamp);

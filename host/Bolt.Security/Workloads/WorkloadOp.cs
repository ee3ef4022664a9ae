using Bolt.Core.Abi;

namespace Bolt.Security.Workloads;

/// <summary>One op of a synthetic workload: what the client asks, in key indices (the ground truth).</summary>
public readonly record struct WorkloadOp(OpCode Op, long Key, int ValueLength);

namespace Bolt.Cluster.Client;

/// <summary>What the load balancer has done so far (counts the trusted side keeps; the host sees only frames).</summary>
/// <param name="Epochs">Epochs run.</param>
/// <param name="Requests">Requests answered or failed.</param>
/// <param name="RealAccesses">Device accesses for real key groups (after de-duplication).</param>
/// <param name="PaddedRecords">Records sent in all, real and dummy.</param>
/// <param name="CarriedGroups">Key groups that overflowed their shard's batch and waited an epoch.</param>
/// <param name="Frames">Sealed command frames sent, retransmissions included.</param>
public readonly record struct BalancerStatistics(long Epochs, long Requests, long RealAccesses, long PaddedRecords, long CarriedGroups, long Frames);

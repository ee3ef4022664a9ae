namespace Bolt.Security.Experiments;

/// <summary>The distributions of a pair worth plotting: page histograms and per-op durations, both sides.</summary>
/// <param name="Pair">The pair's name.</param>
/// <param name="LabelA">Side A's workload.</param>
/// <param name="LabelB">Side B's workload.</param>
/// <param name="SecondPagesA">Second-page reads per page group, side A.</param>
/// <param name="SecondPagesB">Second-page reads per page group, side B.</param>
/// <param name="FirstPagesA">First-page reads per page group, side A.</param>
/// <param name="FirstPagesB">First-page reads per page group, side B.</param>
/// <param name="DurationsA">Per-op durations in cycles, side A.</param>
/// <param name="DurationsB">Per-op durations in cycles, side B.</param>
public sealed record PairSummary(string Pair, string LabelA, string LabelB, long[] SecondPagesA, long[] SecondPagesB, long[] FirstPagesA, long[] FirstPagesB, long[] DurationsA, long[] DurationsB);

namespace Bolt.Security.Experiments;

/// <summary>The distributions of a pair worth plotting: page histograms and per-op durations, both sides.</summary>
/// <param name="Pair">The pair's name.</param>
/// <param name="LabelA">Side A's workload.</param>
/// <param name="LabelB">Side B's workload.</param>
/// <param name="FetchPagesA">Fetch-page reads per page group, side A.</param>
/// <param name="FetchPagesB">Fetch-page reads per page group, side B.</param>
/// <param name="FlushPagesA">Flush-page reads per page group, side A.</param>
/// <param name="FlushPagesB">Flush-page reads per page group, side B.</param>
/// <param name="DurationsA">Per-op durations in cycles, side A.</param>
/// <param name="DurationsB">Per-op durations in cycles, side B.</param>
public sealed record PairSummary(string Pair, string LabelA, string LabelB, long[] FetchPagesA, long[] FetchPagesB, long[] FlushPagesA, long[] FlushPagesB, long[] DurationsA, long[] DurationsB);

namespace Bolt.Security.Games;

/// <summary>The figures of one selective-failure comparison.</summary>
/// <param name="Comparison">The comparison.</param>
/// <param name="AbortedA">Aborted accesses counted on side A.</param>
/// <param name="ReappearedA">Of those, how many saw their page pair again within the window.</param>
/// <param name="AbortedB">Aborted accesses counted on side B.</param>
/// <param name="ReappearedB">Of those, how many saw their page pair again.</param>
/// <param name="Corruptions">Pages corrupted over the comparison's runs.</param>
/// <param name="Lifetimes">Device lifetimes over the comparison's runs (more than one per run only after halts).</param>
/// <param name="Refused">Ops refused without a page touch (after a halt).</param>
/// <param name="Mismatches">Answered ops that disagreed with the dictionary (must be 0).</param>
public sealed record LinkageSummary(string Comparison, long AbortedA, long ReappearedA, long AbortedB, long ReappearedB, long Corruptions, long Lifetimes, long Refused, long Mismatches)
{
    /// <summary>Share of side A's aborted accesses whose pair reappeared.</summary>
    public double ShareA => AbortedA == 0 ? 0 : (double)ReappearedA / AbortedA;

    /// <summary>Share of side B's aborted accesses whose pair reappeared.</summary>
    public double ShareB => AbortedB == 0 ? 0 : (double)ReappearedB / AbortedB;
}

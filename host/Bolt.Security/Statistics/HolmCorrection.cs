namespace Bolt.Security.Statistics;

/// <summary>
/// Holm's step-down correction (Holm 1979): controls the family-wise error rate at α over m tests, uniformly
/// more powerful than Bonferroni. Sorted p-values p(1) ≤ … ≤ p(m) are rejected while p(i) ≤ α/(m − i + 1).
/// </summary>
public static class HolmCorrection
{
    /// <summary>Holm-adjusted p-values (reject a test iff its adjusted p ≤ α), in the input order.</summary>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        int m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++)
        {
            int i = order[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }

        return adjusted;
    }
}

namespace Bolt.Security.Statistics;

/// <summary>
/// Mutual information between the workload label and a categorical feature, tested by permutation: under
/// H0 (the feature does not depend on the label) every relabelling of the pooled ops is equally likely. A
/// relabelling keeps the table's margins, so each permuted table is drawn column by column from the
/// multivariate hypergeometric law — exactly the permutation distribution, without shuffling 10^5 labels.
/// </summary>
public static class MutualInformation
{
    /// <summary>Plug-in I(label; feature) in nats from a 2×k table of counts.</summary>
    public static double OfTable(IReadOnlyList<long> a, IReadOnlyList<long> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        double na = a.Sum();
        double nb = b.Sum();
        double n = na + nb;
        double mi = 0;
        for (int i = 0; i < a.Count; i++)
        {
            double col = a[i] + b[i];
            mi += Term(a[i], na, col, n) + Term(b[i], nb, col, n);
        }

        return mi;
    }

    /// <summary>
    /// The permutation test of I(label; feature) = 0 with <paramref name="permutations"/> relabellings;
    /// p = (1 + #{I_perm ≥ I_obs}) / (1 + permutations), so it never reaches 0.
    /// </summary>
    public static TestStatistic PermutationTest(IReadOnlyList<long> a, IReadOnlyList<long> b, int permutations, Random random)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(random);
        long na = a.Sum();
        long nb = b.Sum();
        if (na == 0 || nb == 0)
        {
            return TestStatistic.NotApplicable("mi-permutation", "an empty sample");
        }

        var columns = new long[a.Count];
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i] = a[i] + b[i];
        }

        double observed = OfTable(a, b);
        var permA = new long[columns.Length];
        var permB = new long[columns.Length];
        int atLeast = 0;
        for (int r = 0; r < permutations; r++)
        {
            long remainingA = na;
            long remaining = na + nb;
            for (int i = 0; i < columns.Length; i++)
            {
                long inA = HypergeometricSampler.Sample(random, remaining, remainingA, columns[i]);
                permA[i] = inA;
                permB[i] = columns[i] - inA;
                remainingA -= inA;
                remaining -= columns[i];
            }

            // A relative tolerance keeps ties (equal tables) counted as "at least as extreme".
            if (OfTable(permA, permB) >= observed * (1 - 1e-12))
            {
                atLeast++;
            }
        }

        return new TestStatistic("mi-permutation", observed, (1.0 + atLeast) / (1.0 + permutations), $"cells={columns.Length}, perms={permutations}");
    }

    private static double Term(double count, double rowTotal, double columnTotal, double n) =>
        count == 0 ? 0 : count / n * Math.Log(count * n / (rowTotal * columnTotal));
}

using MathNet.Numerics;

namespace Bolt.Security.Statistics;

/// <summary>
/// Fisher's exact test on a 2×2 table (two samples of a yes/no feature): exact at any count, where the χ²
/// approximation needs expected counts of 5 or more — the selective-failure game sees tens of aborted
/// accesses, not thousands.
/// </summary>
public static class FisherExactTest
{
    /// <summary>H0: the share of "yes" is the same in both samples. Two-sided: the probability of every table with the same margins that is at most as likely as the observed one.</summary>
    public static TestStatistic TwoSided(IReadOnlyList<long> a, IReadOnlyList<long> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != 2 || b.Count != 2)
        {
            throw new ArgumentException("Fisher's exact test takes two histograms of two cells (no, yes).", nameof(b));
        }

        long na = a[0] + a[1], nb = b[0] + b[1], yes = a[1] + b[1];
        if (na == 0 || nb == 0)
        {
            return TestStatistic.NotApplicable("fisher-exact", "an empty sample");
        }

        long low = Math.Max(0, yes - nb), high = Math.Min(yes, na);
        double observed = LogProbability(a[1], na, nb, yes);
        double p = 0;
        for (long k = low; k <= high; k++)
        {
            double log = LogProbability(k, na, nb, yes);
            if (log <= observed + 1e-9)
            {
                p += Math.Exp(log);
            }
        }

        return new TestStatistic("fisher-exact", a[1] - (double)(na * yes) / (na + nb), Math.Min(1, p), $"yes {a[1]}/{na} vs {b[1]}/{nb}");
    }

    /// <summary>log P(k of the yes fall in sample A) under the hypergeometric law of the margins.</summary>
    private static double LogProbability(long k, long na, long nb, long yes) =>
        LogChoose(na, k) + LogChoose(nb, yes - k) - LogChoose(na + nb, yes);

    private static double LogChoose(long n, long k) =>
        SpecialFunctions.FactorialLn((int)n) - SpecialFunctions.FactorialLn((int)k) - SpecialFunctions.FactorialLn((int)(n - k));
}

using MathNet.Numerics;

namespace Bolt.Security.Statistics;

/// <summary>
/// Pearson χ² tests on count histograms: homogeneity of two histograms (2×k contingency table) and goodness
/// of fit to a given law. Sparse cells (expected count below 5, where the χ² approximation fails) are
/// pooled into one cell before the statistic is computed.
/// </summary>
public static class ChiSquareTests
{
    /// <summary>The smallest expected count a cell keeps on its own (Cochran's rule).</summary>
    public const double MinimumExpected = 5;

    /// <summary>H0: the two histograms are samples of one categorical law.</summary>
    public static TestStatistic Homogeneity(IReadOnlyList<long> a, IReadOnlyList<long> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            throw new ArgumentException("The histograms must have the same cells.", nameof(b));
        }

        double na = a.Sum();
        double nb = b.Sum();
        double n = na + nb;
        if (na == 0 || nb == 0)
        {
            return TestStatistic.NotApplicable("chi2-homogeneity", "an empty sample");
        }

        // Pool cells whose smaller expected count is below the threshold into one "other" cell.
        var cells = new List<(double A, double B)>();
        (double A, double B) pooled = (0, 0);
        for (int i = 0; i < a.Count; i++)
        {
            double total = a[i] + b[i];
            if (total == 0)
            {
                continue;
            }

            if (total * Math.Min(na, nb) / n < MinimumExpected)
            {
                pooled = (pooled.A + a[i], pooled.B + b[i]);
            }
            else
            {
                cells.Add((a[i], b[i]));
            }
        }

        if (pooled.A + pooled.B > 0)
        {
            cells.Add(pooled);
        }

        if (cells.Count < 2)
        {
            return TestStatistic.NotApplicable("chi2-homogeneity", "one cell");
        }

        double chi2 = 0;
        foreach (var (ca, cb) in cells)
        {
            double total = ca + cb;
            double ea = total * na / n;
            double eb = total * nb / n;
            chi2 += ((ca - ea) * (ca - ea) / ea) + ((cb - eb) * (cb - eb) / eb);
        }

        int df = cells.Count - 1;
        return new TestStatistic("chi2-homogeneity", chi2, UpperTail(chi2, df), $"df={df}, n={na:0}+{nb:0}");
    }

    /// <summary>H0: the counts are a sample of the law that gives each cell a share proportional to <paramref name="weights"/> (e.g. pages per page group, for uniform pages).</summary>
    public static TestStatistic GoodnessOfFit(IReadOnlyList<long> counts, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(weights);
        double n = counts.Sum();
        double w = weights.Sum();
        int k = counts.Count;
        if (k < 2 || n == 0)
        {
            return TestStatistic.NotApplicable("chi2-gof", "fewer than two cells");
        }

        double chi2 = 0;
        for (int i = 0; i < k; i++)
        {
            double expected = n * weights[i] / w;
            if (expected < MinimumExpected)
            {
                // Too few observations for these cells (e.g. a control that hides most touches): no verdict.
                return TestStatistic.NotApplicable("chi2-gof", $"expected count {expected:0.##} in cell {i} is below {MinimumExpected}");
            }

            chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
        }

        return new TestStatistic("chi2-gof", chi2, UpperTail(chi2, k - 1), $"df={k - 1}, n={n:0}");
    }

    /// <summary>P(χ²_df ≥ x), through the regularized upper incomplete gamma so tiny p-values keep their precision.</summary>
    public static double UpperTail(double x, int df) => x <= 0 ? 1 : SpecialFunctions.GammaUpperRegularized(df / 2.0, x / 2.0);
}

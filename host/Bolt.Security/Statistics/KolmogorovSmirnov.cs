namespace Bolt.Security.Statistics;

/// <summary>
/// The two-sample Kolmogorov–Smirnov test: D = sup |F_a − F_b| over the pooled sample, with the asymptotic
/// Kolmogorov p-value at the effective size n_a·n_b/(n_a+n_b) and Stephens' small-sample correction
/// (Numerical Recipes §14.3). With ties (cycle counts are integers) the test is conservative.
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>H0: both samples come from one continuous law.</summary>
    public static TestStatistic TwoSample(IReadOnlyList<long> a, IReadOnlyList<long> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || b.Count == 0)
        {
            return TestStatistic.NotApplicable("ks-2sample", "an empty sample");
        }

        var x = a.ToArray();
        var y = b.ToArray();
        Array.Sort(x);
        Array.Sort(y);
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < x.Length && j < y.Length)
        {
            // Step past every copy of the smallest value in both samples before comparing the ECDFs.
            long v = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] == v)
            {
                i++;
            }

            while (j < y.Length && y[j] == v)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs(((double)i / x.Length) - ((double)j / y.Length)));
        }

        double ne = (double)x.Length * y.Length / (x.Length + y.Length);
        double sqrtNe = Math.Sqrt(ne);
        double p = KolmogorovTail((sqrtNe + 0.12 + (0.11 / sqrtNe)) * d);
        return new TestStatistic("ks-2sample", d, p, $"n={x.Length}+{y.Length}");
    }

    /// <summary>Q_KS(λ) = 2 Σ_{j≥1} (−1)^{j−1} e^{−2j²λ²}, the Kolmogorov distribution's upper tail.</summary>
    public static double KolmogorovTail(double lambda)
    {
        if (lambda < 0.2)
        {
            return 1; // The alternating series converges slowly here, and the tail is 1 to 10 digits.
        }

        double sum = 0;
        double sign = 1;
        for (int j = 1; j <= 100; j++)
        {
            double term = sign * Math.Exp(-2.0 * j * j * lambda * lambda);
            sum += term;
            if (Math.Abs(term) < 1e-16 * Math.Abs(sum))
            {
                break;
            }

            sign = -sign;
        }

        return Math.Clamp(2 * sum, 0, 1);
    }
}

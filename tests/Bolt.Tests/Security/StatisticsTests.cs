using Bolt.Security.Statistics;
using MathNet.Numerics.Distributions;
using Xunit;

namespace Bolt.Tests.Security;

public sealed class StatisticsTests
{
    [Theory]
    [InlineData(3.841458820694124, 1, 0.05)]
    [InlineData(6.634896601021214, 1, 0.01)]
    [InlineData(18.307038053275146, 10, 0.05)]
    [InlineData(0, 3, 1)]
    public void ChiSquare_upper_tail_matches_the_table(double x, int df, double p) =>
        Assert.Equal(p, ChiSquareTests.UpperTail(x, df), 6);

    [Fact]
    public void ChiSquare_upper_tail_agrees_with_MathNet_where_its_cdf_is_precise()
    {
        foreach (var (x, df) in new[] { (1.5, 2), (30.0, 20), (150.0, 127) })
        {
            Assert.Equal(1 - ChiSquared.CDF(df, x), ChiSquareTests.UpperTail(x, df), 10);
        }
    }

    [Fact]
    public void Homogeneity_of_a_textbook_2x2_table()
    {
        // Expected 25 in every cell: χ² = 4 · 5²/25 = 4, df = 1, p = 0.0455.
        var result = ChiSquareTests.Homogeneity([20, 30], [30, 20]);
        Assert.Equal(4, result.Statistic, 10);
        Assert.Equal(0.0455003, result.PValue, 6);
    }

    [Fact]
    public void Homogeneity_pools_sparse_cells_and_is_one_for_identical_histograms()
    {
        var result = ChiSquareTests.Homogeneity([500, 500, 1, 2], [500, 500, 2, 1]);
        Assert.Equal("df=2, n=1003+1003", result.Detail);
        Assert.Equal(0, ChiSquareTests.Homogeneity([7, 9, 30], [7, 9, 30]).Statistic, 12);
    }

    [Fact]
    public void Goodness_of_fit_of_a_loaded_die()
    {
        // 60 rolls, 10 expected per face: χ² = (25 + 4 + 1 + 4 + 0 + 100) / 10 = 13.4, df = 5, p = 0.01989.
        var result = ChiSquareTests.GoodnessOfFit([5, 8, 9, 8, 10, 20], [1, 1, 1, 1, 1, 1]);
        Assert.Equal(13.4, result.Statistic, 10);
        Assert.Equal(0.019905, result.PValue, 4);
    }

    [Theory]
    [InlineData(1.3581, 0.05)]
    [InlineData(1.6276, 0.01)]
    [InlineData(1.2238, 0.10)]
    public void Kolmogorov_tail_matches_the_critical_values(double lambda, double p) =>
        Assert.Equal(p, KolmogorovSmirnov.KolmogorovTail(lambda), 3);

    [Fact]
    public void Ks_statistic_handles_ties_and_separation()
    {
        Assert.Equal(1.0 / 3, KolmogorovSmirnov.TwoSample([1, 2, 3], [2, 3, 4]).Statistic, 12);
        Assert.Equal(0, KolmogorovSmirnov.TwoSample([5, 5, 5, 6], [5, 5, 5, 6]).Statistic);
        var separated = KolmogorovSmirnov.TwoSample(Enumerable.Range(0, 200).Select(i => (long)i).ToArray(), Enumerable.Range(200, 200).Select(i => (long)i).ToArray());
        Assert.Equal(1, separated.Statistic);
        Assert.True(separated.PValue < 1e-30);
    }

    [Fact]
    public void Ks_p_value_is_uniformish_under_the_null()
    {
        // Two samples of one continuous law: across 200 trials, about 5% fall below 0.05 (binomial 99.9% band).
        var random = new Random(7);
        int rejections = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            var a = Enumerable.Range(0, 500).Select(_ => random.NextInt64(1L << 40)).ToArray();
            var b = Enumerable.Range(0, 500).Select(_ => random.NextInt64(1L << 40)).ToArray();
            rejections += KolmogorovSmirnov.TwoSample(a, b).PValue < 0.05 ? 1 : 0;
        }

        Assert.InRange(rejections, 1, 22);
    }

    [Fact]
    public void Mutual_information_of_known_tables()
    {
        Assert.Equal(Math.Log(2), MutualInformation.OfTable([10, 0], [0, 10]), 12);
        Assert.Equal(0, MutualInformation.OfTable([5, 5], [5, 5]), 12);
    }

    [Fact]
    public void Permutation_test_rejects_dependence_and_accepts_independence()
    {
        var dependent = MutualInformation.PermutationTest([150, 50], [50, 150], 2000, new Random(1));
        Assert.Equal(1.0 / 2001, dependent.PValue, 12);
        var independent = MutualInformation.PermutationTest([100, 100], [100, 100], 2000, new Random(1));
        Assert.Equal(1, independent.PValue);

        // A weak dependence: the permutation p-value agrees with the G-test (G = 2·n·MI ~ χ²₁) within noise.
        var weak = MutualInformation.PermutationTest([530, 470], [470, 530], 20000, new Random(2));
        double g = 2 * 2000 * weak.Statistic;
        Assert.Equal(ChiSquareTests.UpperTail(g, 1), weak.PValue, 2);
    }

    [Fact]
    public void Hypergeometric_sampler_follows_the_law()
    {
        var random = new Random(3);
        const int population = 1000, successes = 300, draws = 100;
        var counts = new long[draws + 1];
        for (int i = 0; i < 40_000; i++)
        {
            counts[HypergeometricSampler.Sample(random, population, successes, draws)]++;
        }

        // χ² goodness of fit to MathNet's pmf over the cells with mass (15..45 holds all but 1e-4 of it).
        var observed = counts.Skip(15).Take(31).ToArray();
        var weights = Enumerable.Range(15, 31).Select(k => Hypergeometric.PMF(population, successes, draws, k)).ToArray();
        Assert.True(ChiSquareTests.GoodnessOfFit(observed, weights).PValue > 1e-4);
        Assert.Equal(0, HypergeometricSampler.Sample(random, 10, 0, 5));
        Assert.Equal(5, HypergeometricSampler.Sample(random, 10, 10, 5));
    }

    [Fact]
    public void Holm_adjusts_like_the_textbook()
    {
        var adjusted = HolmCorrection.Adjust([0.01, 0.04, 0.03, 0.005]);
        Assert.Equal([0.03, 0.06, 0.06, 0.02], adjusted.Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void Fisher_exact_test_gives_the_textbook_value()
    {
        // The lady tasting tea: 3 of 4 right vs 1 of 4, two-sided p = 34/70.
        var result = FisherExactTest.TwoSided([1, 3], [3, 1]);
        Assert.Equal(34.0 / 70, result.PValue, 12);
        Assert.Equal(1, FisherExactTest.TwoSided([5, 5], [5, 5]).PValue, 12);
    }

    [Fact]
    public void Binomial_upper_tail_is_exact()
    {
        // P(X ≥ 2) for Binomial(3, 0.5) = 4/8.
        Assert.Equal(0.5, BinomialTests.UpperTail(2, 3, 0.5).PValue, 12);
        Assert.Equal(1, BinomialTests.UpperTail(0, 10, 1e-6).PValue);
        Assert.True(BinomialTests.UpperTail(10, 10, 1e-6).PValue < 1e-59);
    }
}

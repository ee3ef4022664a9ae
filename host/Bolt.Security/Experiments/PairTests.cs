using Bolt.Security.Features;
using Bolt.Security.Statistics;

namespace Bolt.Security.Experiments;

/// <summary>The battery of two-sample tests run on every pair: touches, shapes, bytes, pages, correlations, timing.</summary>
public static class PairTests
{
    /// <summary>Tests per pair (the family size grows by this for each pair).</summary>
    public const int Count = 19;

    /// <summary>Fewer repeats than this and the oracle's key-revisit test is not applicable.</summary>
    public const int MinimumRepeats = 50;

    /// <summary>Runs every test on the features of the two sides.</summary>
    public static List<FeatureTest> Run(OpFeatures a, OpFeatures b, int hostPages, int permutations, Random random)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int groups = PageGroupCount(a.FirstPage.Length, hostPages);
        var touches = Histograms.Categorical(a.Touches, b.Touches);
        var patterns = Histograms.Categorical(a.Patterns, b.Patterns);
        var durations = Histograms.Categorical(a.Duration, b.Duration);
        var inFlight = Histograms.Categorical(a.InFlight, b.InFlight);
        var firstA = Histograms.PageGroups(a.FirstPage, hostPages, groups);
        var firstB = Histograms.PageGroups(b.FirstPage, hostPages, groups);
        var secondA = Histograms.PageGroups(a.SecondPage, hostPages, groups);
        var secondB = Histograms.PageGroups(b.SecondPage, hostPages, groups);
        var sizes = Histograms.PageGroupSizes(hostPages, groups);

        // Page-read counts are near Poisson: cells past mean + 8·sd + 8 would be empty anyway.
        double mean = (double)a.PageReads.Sum() / hostPages;
        int maxCount = (int)Math.Ceiling(mean + (8 * Math.Sqrt(mean)) + 8);
        var tests = new List<FeatureTest>(Count)
        {
            new("touches/op", "host", ChiSquareTests.Homogeneity(touches.A, touches.B)),
            new("row pattern/op", "host", ChiSquareTests.Homogeneity(patterns.A, patterns.B)),
            new("bytes/op", "host", KolmogorovSmirnov.TwoSample(a.Bytes, b.Bytes)),
            new("first-page histogram", "host", ChiSquareTests.Homogeneity(firstA, firstB)),
            new("second-page histogram", "host", ChiSquareTests.Homogeneity(secondA, secondB)),
            new("first-page uniformity (A)", "host", ChiSquareTests.GoodnessOfFit(firstA, sizes)),
            new("first-page uniformity (B)", "host", ChiSquareTests.GoodnessOfFit(firstB, sizes)),
            new("second-page uniformity (A)", "host", ChiSquareTests.GoodnessOfFit(secondA, sizes)),
            new("second-page uniformity (B)", "host", ChiSquareTests.GoodnessOfFit(secondB, sizes)),
            new("reads-per-page shape", "host", ChiSquareTests.Homogeneity(Histograms.CountOfCounts(a.PageReads, maxCount), Histograms.CountOfCounts(b.PageReads, maxCount))),
            new("op t+1 reads a page op t wrote", "host", ChiSquareTests.Homogeneity(Histograms.Binary(a.ReadAfterWrite), Histograms.Binary(b.ReadAfterWrite))),
            new($"page re-read within {OpFeatures.RevisitWindow} ops", "host", ChiSquareTests.Homogeneity(Histograms.Binary(a.Revisit), Histograms.Binary(b.Revisit))),
            new("key's op re-reads its last pages", "oracle", KeyRevisit(a, b)),
            new("duration/op", "host", KolmogorovSmirnov.TwoSample(a.Duration, b.Duration)),
            new("gap between ops", "host", KolmogorovSmirnov.TwoSample(a.Gap, b.Gap)),
            new("op t+1 shares a page with op t", "host", ChiSquareTests.Homogeneity(Histograms.Binary(a.SharesPageWithPrevious), Histograms.Binary(b.SharesPageWithPrevious))),
            new("ops in flight at op start", "host", ChiSquareTests.Homogeneity(inFlight.A, inFlight.B)),
            new("MI(label; duration/op)", "host", MutualInformation.PermutationTest(durations.A, durations.B, permutations, random)),
            new("MI(label; row pattern/op)", "host", MutualInformation.PermutationTest(patterns.A, patterns.B, permutations, random)),
        };
        return tests;
    }

    /// <summary>Page groups for histograms: about 50 expected reads per group, at most 128 groups, at most one per page.</summary>
    public static int PageGroupCount(int ops, int hostPages) => Math.Clamp(Math.Min(ops / 50, hostPages), 2, 128);

    private static TestStatistic KeyRevisit(OpFeatures a, OpFeatures b)
    {
        // A scan or a short run repeats no key; there is then nothing for the oracle to compare.
        if (a.KeyRevisitsPage.Count < MinimumRepeats || b.KeyRevisitsPage.Count < MinimumRepeats)
        {
            return TestStatistic.NotApplicable("chi2-homogeneity", $"repeats {a.KeyRevisitsPage.Count}/{b.KeyRevisitsPage.Count} < {MinimumRepeats}");
        }

        return ChiSquareTests.Homogeneity(Histograms.Binary(a.KeyRevisitsPage), Histograms.Binary(b.KeyRevisitsPage));
    }
}

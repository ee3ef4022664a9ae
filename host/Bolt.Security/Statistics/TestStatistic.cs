namespace Bolt.Security.Statistics;

/// <summary>One hypothesis test's result, before any multiple-testing correction.</summary>
/// <param name="Method">The test used (e.g. "chi2-homogeneity", "ks-2sample", "mi-permutation").</param>
/// <param name="Statistic">The test statistic (χ², D, or mutual information in nats).</param>
/// <param name="PValue">The uncorrected p-value under the null hypothesis "same distribution".</param>
/// <param name="Detail">Degrees of freedom, sample sizes or permutations: what the p-value was computed from.</param>
public sealed record TestStatistic(string Method, double Statistic, double PValue, string Detail)
{
    /// <summary>A test that had nothing to compare (every count in one cell): it cannot reject.</summary>
    public static TestStatistic NotApplicable(string method, string why) => new(method, 0, 1, why);
}

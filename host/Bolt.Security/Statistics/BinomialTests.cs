using MathNet.Numerics;

namespace Bolt.Security.Statistics;

/// <summary>
/// The exact one-sided binomial test: H0 says each of n trials succeeds independently with probability p0
/// (e.g. two independent lifetimes draw the same page pair for an op with chance 1/H²).
/// </summary>
public static class BinomialTests
{
    /// <summary>P(X ≥ <paramref name="successes"/>) for X ~ Binomial(<paramref name="trials"/>, <paramref name="p0"/>).</summary>
    public static TestStatistic UpperTail(long successes, long trials, double p0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, successes);
        if (p0 is <= 0 or >= 1 || double.IsNaN(p0))
        {
            throw new ArgumentOutOfRangeException(nameof(p0), p0, "The null probability must lie in (0, 1).");
        }

        if (trials == 0)
        {
            return TestStatistic.NotApplicable("binomial-upper", "no trials");
        }

        // P(X ≥ k) = I_{p0}(k, n − k + 1): the regularized incomplete beta keeps tiny tails precise.
        double p = successes == 0 ? 1 : SpecialFunctions.BetaRegularized(successes, trials - successes + 1, p0);
        return new TestStatistic("binomial-upper", successes, p, $"k={successes}, n={trials}, p0={p0:g3}");
    }
}

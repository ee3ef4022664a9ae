using MathNet.Numerics;

namespace Bolt.Security.Statistics;

/// <summary>
/// Exact hypergeometric draws by inversion, searching outward from the mode, in O(standard deviation) steps.
/// MathNet's sampler simulates every draw (O(n)), too slow for 10^4 permutations of 10^5 labels.
/// </summary>
public static class HypergeometricSampler
{
    /// <summary>The number of successes in <paramref name="draws"/> draws without replacement from <paramref name="population"/> items of which <paramref name="successes"/> are successes.</summary>
    public static long Sample(Random random, long population, long successes, long draws)
    {
        ArgumentNullException.ThrowIfNull(random);
        long lo = Math.Max(0, draws - (population - successes));
        long hi = Math.Min(draws, successes);
        if (lo == hi)
        {
            return lo;
        }

        long mode = Math.Clamp((long)Math.Floor((draws + 1.0) * (successes + 1.0) / (population + 2.0)), lo, hi);
        double pMode = Math.Exp(LogPmf(mode, population, successes, draws));
        double u = random.NextDouble();

        // Visit mode, mode+1, mode−1, mode+2, … (any fixed order is exact inversion); pmf ratios walk both ways.
        double cumulative = pMode;
        if (u <= cumulative)
        {
            return mode;
        }

        long up = mode;
        long down = mode;
        double pUp = pMode;
        double pDown = pMode;
        while (up < hi || down > lo)
        {
            if (up < hi)
            {
                pUp *= (double)(successes - up) * (draws - up) / ((up + 1.0) * (population - successes - draws + up + 1.0));
                up++;
                cumulative += pUp;
                if (u <= cumulative)
                {
                    return up;
                }
            }

            if (down > lo)
            {
                pDown *= down * (population - successes - draws + (double)down) / ((successes - down + 1.0) * (draws - down + 1.0));
                down--;
                cumulative += pDown;
                if (u <= cumulative)
                {
                    return down;
                }
            }
        }

        return mode; // Rounding left u above the total mass (≈ 1 − 1e-15): the most likely value.
    }

    /// <summary>ln P(X = k) for the hypergeometric law.</summary>
    public static double LogPmf(long k, long population, long successes, long draws) =>
        LogChoose(successes, k) + LogChoose(population - successes, draws - k) - LogChoose(population, draws);

    private static double LogChoose(long n, long k) =>
        SpecialFunctions.GammaLn(n + 1.0) - SpecialFunctions.GammaLn(k + 1.0) - SpecialFunctions.GammaLn(n - k + 1.0);
}

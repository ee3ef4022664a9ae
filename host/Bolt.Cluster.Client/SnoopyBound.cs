namespace Bolt.Cluster.Client;

/// <summary>
/// The public batch size of an epoch (Snoopy, SOSP'21): with R requests spread over S shards by a PRF, every shard's
/// batch is padded to B(R, S, λ) = min(R, ⌈μ·x⌉) records, μ = R/S, where x = 1 + δ is the smallest factor for which the
/// Chernoff bound P[load ≥ xμ] ≤ (e^δ / x^x)^μ, summed over the S shards, stays below 2^-λ. Solving
/// μ(x ln x − x + 1) = ln S + λ ln 2 =: γ gives x = e^(1 + W₀((γ/μ − 1)/e)), W₀ the principal branch of Lambert's W.
/// B depends on R, S and λ only — all public — so the host learns nothing from it; a shard gets more than B real
/// requests with probability at most 2^-λ when the R requests have distinct keys. Every epoch sends at least one
/// record per shard, so an empty epoch looks like any other.
/// </summary>
public static class SnoopyBound
{
    /// <summary>The padded batch size B(R, S, λ), at least 1.</summary>
    /// <param name="requests">R, the epoch's requests (public).</param>
    /// <param name="shards">S, the shard count.</param>
    /// <param name="securityParameter">λ: overflow probability at most 2^-λ.</param>
    public static int BatchSize(int requests, int shards, int securityParameter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requests);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(securityParameter, 1);
        if (requests == 0)
        {
            return 1;
        }

        if (shards == 1)
        {
            return requests;
        }

        double mu = (double)requests / shards;
        double gamma = Math.Log(shards) + (securityParameter * Math.Log(2));
        double x = Math.Exp(1 + LambertW0(((gamma / mu) - 1) / Math.E));
        double bound = Math.Ceiling(mu * x * (1 + 1e-12));
        return (int)Math.Max(1, Math.Min(requests, bound));
    }

    /// <summary>The padding overhead B / (R/S): records sent per real request on average.</summary>
    public static double Overhead(int requests, int shards, int securityParameter) =>
        requests == 0 ? double.PositiveInfinity : BatchSize(requests, shards, securityParameter) * (double)shards / requests;

    /// <summary>W₀(z) for z ≥ −1/e by Halley's iteration (converges to machine precision in a few steps).</summary>
    internal static double LambertW0(double z)
    {
        double minimum = -1 / Math.E;
        if (z <= minimum)
        {
            return -1;
        }

        // Start near the branch point from its series, elsewhere from log(1 + z).
        double w = z < -0.25 ? -1 + Math.Sqrt(2 * ((Math.E * z) + 1)) : Math.Log(1 + z);
        for (int i = 0; i < 64; i++)
        {
            double ew = Math.Exp(w);
            double f = (w * ew) - z;
            double next = w - (f / ((ew * (w + 1)) - ((w + 2) * f / ((2 * w) + 2))));
            if (Math.Abs(next - w) <= 1e-15 * (1 + Math.Abs(next)))
            {
                return next;
            }

            w = next;
        }

        return w;
    }
}

namespace Bolt.Workloads;

/// <summary>
/// YCSB's Zipfian generator (Gray et al., "Quickly generating billion-record synthetic databases", SIGMOD
/// 1994), θ = 0.99 by default: O(n) set-up for ζ(n), O(1) per draw.
/// </summary>
public sealed class ZipfianGenerator
{
    /// <summary>YCSB's default skew.</summary>
    public const double DefaultTheta = 0.99;

    private readonly long _items;
    private readonly double _theta;
    private readonly double _alpha;
    private readonly double _zetaN;
    private readonly double _eta;

    /// <summary>Creates a generator over ranks [0, items).</summary>
    public ZipfianGenerator(long items, double theta = DefaultTheta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(items, 1);
        _items = items;
        _theta = theta;
        _zetaN = Zeta(items, theta);
        double zeta2 = Zeta(Math.Min(2, items), theta);
        _alpha = 1.0 / (1.0 - theta);
        _eta = (1 - Math.Pow(2.0 / items, 1 - theta)) / (1 - (zeta2 / _zetaN));
    }

    /// <summary>A rank in [0, items); rank 0 is the most popular.</summary>
    public long Next(Random random)
    {
        double u = random.NextDouble();
        double uz = u * _zetaN;
        if (uz < 1.0)
        {
            return 0;
        }

        if (uz < 1.0 + Math.Pow(0.5, _theta))
        {
            return Math.Min(1, _items - 1);
        }

        long rank = (long)(_items * Math.Pow((_eta * u) - _eta + 1, _alpha));
        return Math.Clamp(rank, 0, _items - 1);
    }

    private static double Zeta(long n, double theta)
    {
        double sum = 0;
        for (long i = 1; i <= n; i++)
        {
            sum += 1.0 / Math.Pow(i, theta);
        }

        return sum;
    }
}

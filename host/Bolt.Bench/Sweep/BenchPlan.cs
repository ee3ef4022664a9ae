namespace Bolt.Bench.Sweep;

/// <summary>
/// The configurations of a sweep: one axis varied at a time around the design point (N = 2^20, V = 8 B,
/// α = 0.2, c = 8, batches of 64), plus BOLT's evaluation point (N = 5 000 000, V = 64 B) at three HBM fractions.
/// The quick plan keeps the same axes at small maps.
/// </summary>
public static class BenchPlan
{
    /// <summary>HBM fractions swept (BOLT's range and its design point).</summary>
    public static readonly double[] HbmFractions = [0.01, 0.2, 0.5];

    /// <summary>The points of a sweep, axis by axis.</summary>
    public static IReadOnlyList<BenchPoint> Points(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int center = options.Quick ? 1 << 14 : 1 << 20;
        var points = new List<BenchPoint>();
        for (int log2 = options.Quick ? 12 : 16; log2 <= options.EffectiveMaxCapacityLog2; log2 += 2)
        {
            points.Add(new BenchPoint("capacity", 1 << log2, 8, 0.2, 8, 64));
        }

        foreach (int v in options.Quick ? new[] { 8, 64, 256 } : [8, 64, 256, 1024])
        {
            points.Add(new BenchPoint("value-size", center, v, 0.2, 8, 64));
        }

        foreach (double alpha in HbmFractions)
        {
            points.Add(new BenchPoint("hbm-fraction", center, 8, alpha, 8, 64));
        }

        foreach (int c in new[] { 8, 16 })
        {
            points.Add(new BenchPoint("bin-factor", center, 8, 0.2, c, 64));
        }

        foreach (int batch in new[] { 1, 64, 2000 })
        {
            points.Add(new BenchPoint("batch", center, 8, 0.2, 8, batch));
        }

        if (!options.Quick)
        {
            foreach (double alpha in HbmFractions)
            {
                points.Add(new BenchPoint("paper-point", 5_000_000, 64, alpha, 8, 64));
            }
        }

        return points;
    }
}

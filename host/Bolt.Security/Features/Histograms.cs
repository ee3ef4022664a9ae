namespace Bolt.Security.Features;

/// <summary>Turns per-op features of two runs into aligned count histograms (one cell per category or group).</summary>
public static class Histograms
{
    /// <summary>Counts of each distinct value, cells shared by both samples (sorted by value).</summary>
    public static (long[] A, long[] B, string[] Cells) Categorical<T>(IEnumerable<T> a, IEnumerable<T> b)
        where T : notnull
    {
        var countsA = a.GroupBy(x => x).ToDictionary(g => g.Key, g => (long)g.Count());
        var countsB = b.GroupBy(x => x).ToDictionary(g => g.Key, g => (long)g.Count());
        var cells = countsA.Keys.Union(countsB.Keys).OrderBy(x => x).ToArray();
        return (cells.Select(c => countsA.GetValueOrDefault(c)).ToArray(),
                cells.Select(c => countsB.GetValueOrDefault(c)).ToArray(),
                cells.Select(c => c.ToString() ?? string.Empty).ToArray());
    }

    /// <summary>Pages grouped into <paramref name="groups"/> contiguous ranges; −1 (no such touch) is left out.</summary>
    public static long[] PageGroups(IEnumerable<int> pages, int hostPages, int groups)
    {
        var counts = new long[groups];
        foreach (int page in pages)
        {
            if (page >= 0)
            {
                counts[(int)((long)page * groups / hostPages)]++;
            }
        }

        return counts;
    }

    /// <summary>Pages in each of the <paramref name="groups"/> groups of <see cref="PageGroups"/> (they differ by at most one).</summary>
    public static double[] PageGroupSizes(int hostPages, int groups)
    {
        var sizes = new double[groups];
        for (int page = 0; page < hostPages; page++)
        {
            sizes[(int)((long)page * groups / hostPages)]++;
        }

        return sizes;
    }

    /// <summary>How many pages were read k times, for k = 0..max (label-free: the shape of the page-touch law).</summary>
    public static long[] CountOfCounts(IEnumerable<long> perPage, int max)
    {
        var counts = new long[max + 1];
        foreach (long c in perPage)
        {
            counts[(int)Math.Min(c, max)]++;
        }

        return counts;
    }

    /// <summary>A 2-cell histogram of a boolean feature: (false, true).</summary>
    public static long[] Binary(IEnumerable<bool> values)
    {
        var counts = new long[2];
        foreach (bool v in values)
        {
            counts[v ? 1 : 0]++;
        }

        return counts;
    }
}

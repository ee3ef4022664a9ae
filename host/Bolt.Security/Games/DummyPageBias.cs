using Bolt.Core;

namespace Bolt.Security.Games;

/// <summary>
/// The dummy-page bias, computed exactly rather than sampled. A miss touches a dummy page drawn over H pages;
/// a hit touches a candidate page drawn over M bins (minus K), or a dummy when its candidate is an HBM bin.
/// Both draws are multiply-shift ranges (SPEC §3), whose per-value counts of words differ by one in a
/// pattern that depends on n: with 32-bit words the two laws differ by up to about n/2^32, and an adversary who
/// collects ~1/TV² touched pages tells hits from misses. With 64-bit words the difference is below 2^-32 for
/// every N ≤ 2^28.
/// </summary>
internal static class DummyPageBias
{
    /// <summary>The bound a device must meet at every (N, c) of the grid.</summary>
    public static readonly double Bound = Math.ScaleB(1, -32);

    /// <summary>The figure at (N, c) for dummies drawn from <paramref name="dummyBits"/>-bit words and bins from <paramref name="candidateBits"/>-bit words.</summary>
    public static BiasFigure Compute(int capacity, int binFactor, int dummyBits, int candidateBits)
    {
        var p = new BoltParameters(capacity: capacity, binFactor: binFactor);
        int h = p.HostPages, m = p.Bins, k = p.HbmBins;

        // With probabilities scaled by 2^(bc+bd) everything is an integer: the hit law of page v is
        // c(K+v)·2^bd + low·d(v) (its candidate, or a dummy when the candidate is an HBM bin: low words of 2^bc),
        // the miss law is 2^bc·d(v); their difference is c(K+v)·2^bd − (2^bc − low)·d(v).
        UInt128 dummyWords = UInt128.One << dummyBits;
        UInt128 hostWords = (UInt128.One << candidateBits) - MultiplyShiftLaw.FirstWord(k, m, candidateBits);
        var dummies = new MultiplyShiftLaw(h, dummyBits, 0);
        var candidates = new MultiplyShiftLaw(m, candidateBits, k);

        // Each count is q or q + 1, so the difference takes four values: count how often each occurs.
        Span<long> occurrences = stackalloc long[4];
        for (int v = 0; v < h; v++)
        {
            occurrences[(candidates.NextIsLong() ? 2 : 0) + (dummies.NextIsLong() ? 1 : 0)]++;
        }

        UInt128 sum = 0;
        for (int kind = 0; kind < 4; kind++)
        {
            UInt128 hit = (candidates.ShortCount + (uint)(kind >> 1)) * dummyWords;
            UInt128 miss = hostWords * (dummies.ShortCount + (uint)(kind & 1));
            sum += (ulong)occurrences[kind] * (hit > miss ? hit - miss : miss - hit);
        }

        return new BiasFigure(capacity, binFactor, h, m, Math.ScaleB((double)sum, -(dummyBits + candidateBits + 1)));
    }

    /// <summary>Every (N, c) of the grid, computed in parallel.</summary>
    public static List<BiasFigure> Grid(IReadOnlyList<int> capacities, IReadOnlyList<int> binFactors, int dummyBits, int candidateBits)
    {
        var cells = capacities.SelectMany(n => binFactors.Select(c => (n, c))).ToArray();
        var figures = new BiasFigure[cells.Length];
        Parallel.For(0, cells.Length, i => figures[i] = Compute(cells[i].n, cells[i].c, dummyBits, candidateBits));
        return [.. figures];
    }
}

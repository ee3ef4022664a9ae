using System.Numerics;
using Bolt.Core.Crypto;
using Xunit;

namespace Bolt.Tests.Crypto;

/// <summary>
/// The PRNG's range reduction (SPEC §3): the 64-bit multiply-shift is exact, matches the kernel's portable formula,
/// and its bias is small enough that a dummy page and a candidate page follow laws within 2^-32 in total variation
/// for every N ≤ 2^28; the first version's 32-bit range is not (finding 4 of the security review).
/// </summary>
public sealed class RangeTests
{
    [Fact]
    public void Range64_is_the_high_word_of_the_128_bit_product_and_matches_the_kernel_formula()
    {
        var random = new Random(3);
        for (int i = 0; i < 100_000; i++)
        {
            ulong x = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
            int n = i % 7 == 0 ? int.MaxValue - i : random.Next(1, int.MaxValue);
            int expected = (int)((new BigInteger(x) * n) >> 64);
            Assert.Equal(expected, AesCtrPrng.Range64(x, n));

            // bolt_range64 in hardware/kernel/bolt_crypto.h, from 64-bit products only.
            ulong low = (x & 0xFFFFFFFF) * (ulong)n;
            ulong high = ((x >> 32) * (ulong)n) + (low >> 32);
            Assert.Equal(expected, (int)(high >> 32));
        }
    }

    [Fact]
    public void At_N_1e8_and_c_2_a_dummy_page_and_a_candidate_page_differ_by_less_than_2_to_the_minus_32()
    {
        // Exact, by counting each page's preimages among the 2^64 words; SPEC §3 bounds it by 1.5·M/2^64 for every N.
        double tv = ExactTotalVariation(64, hbm: 10_000_000, bins: 50_000_000);
        Assert.True(tv < Math.Pow(2, -32), $"64-bit range: TV = {tv:E3}");
        Assert.True(1.5 * (1 << 27) / Math.Pow(2, 64) < Math.Pow(2, -32)); // the bound at N = 2^28, c = 2
    }

    [Fact]
    public void Positive_control_the_32_bit_range_tells_hits_from_misses_at_N_1e8_and_c_2()
    {
        // The first version's draw: the same exact computation finds a distance that some 10^4–10^5 accesses resolve.
        double tv = ExactTotalVariation(32, hbm: 10_000_000, bins: 50_000_000);
        Assert.True(tv > 1e-3, $"32-bit range: TV = {tv:E3}");
    }

    /// <summary>
    /// The exact total-variation distance between a miss's dummy page, <c>Range(w, H)</c>, and a hit's candidate page,
    /// <c>Range(w, M) − K</c> given that it is a host bin, for a <paramref name="bits"/>-bit word w: each law gives page
    /// v its number of preimages among the 2^bits words, divided by the words that land on host pages.
    /// </summary>
    private static double ExactTotalVariation(int bits, long hbm, long bins)
    {
        long pages = bins - hbm;
        UInt128 words = UInt128.One << bits;
        var dummy = new PreimageCounter(words, (ulong)pages, 0);
        var candidate = new PreimageCounter(words, (ulong)bins, (ulong)hbm);
        UInt128 hostWords = words - PreimageCounter.First(words, (ulong)bins, (ulong)hbm);
        UInt128 sum = 0;
        for (long v = 0; v < pages; v++)
        {
            UInt128 a = dummy.Next() * hostWords, b = candidate.Next() * words;
            sum += a > b ? a - b : b - a;
        }

        return (double)sum / ((double)words * (double)hostWords) / 2;
    }

    /// <summary>Counts the preimages of consecutive values of <c>(w · n) >> bits</c>, from <c>start</c> on, without big divisions.</summary>
    private sealed class PreimageCounter(UInt128 words, ulong n, ulong start)
    {
        private readonly ulong _quotient = (ulong)(words / n);
        private readonly ulong _remainder = (ulong)(words % n);
        private UInt128 _first = First(words, n, start);
        private ulong _fraction = (ulong)((start * (words % n)) % n);

        /// <summary>The first word that maps to value v: ⌈v · words / n⌉.</summary>
        public static UInt128 First(UInt128 words, ulong n, ulong v) => ((v * words) + n - 1) / n;

        public UInt128 Next()
        {
            // first(v+1) − first(v), tracking (v · remainder) mod n so each step is a few additions.
            ulong fraction = _fraction + _remainder;
            ulong carry = fraction >= n ? 1UL : 0UL;
            fraction -= carry * n;
            UInt128 next = _first + _quotient + carry + (fraction > 0 ? 1UL : 0UL) - (_fraction > 0 ? 1UL : 0UL);
            UInt128 count = next - _first;
            _first = next;
            _fraction = fraction;
            return count;
        }
    }
}

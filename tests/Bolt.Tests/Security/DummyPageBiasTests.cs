using Bolt.Core.Crypto;
using Bolt.Security.Games;
using Xunit;

namespace Bolt.Tests.Security;

public sealed class DummyPageBiasTests
{
    [Theory]
    [InlineData(7, 32)]
    [InlineData(410, 32)]
    [InlineData(40_000_000, 32)]
    [InlineData(7, 64)]
    [InlineData(104_857, 64)]
    public void The_walked_counts_are_the_words_the_range_function_maps_to_each_value(int n, int bits)
    {
        var law = new MultiplyShiftLaw(n, bits, 0);
        UInt128 total = 0;
        int checkedValues = Math.Min(n, 5000);
        for (int v = 0; v < checkedValues; v++)
        {
            UInt128 count = law.ShortCount + (law.NextIsLong() ? 1u : 0u);
            Assert.Equal(MultiplyShiftLaw.FirstWord(v + 1, n, bits) - MultiplyShiftLaw.FirstWord(v, n, bits), count);
            total += count;
        }

        Assert.Equal(MultiplyShiftLaw.FirstWord(checkedValues, n, bits), total);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(410)]
    [InlineData(1_048_575)]
    [InlineData(40_000_000)]
    public void The_first_word_of_each_value_is_where_the_32_bit_range_in_use_steps(int n)
    {
        var random = new Random(n);
        for (int i = 0; i < 1000; i++)
        {
            int v = 1 + random.Next(n - 1);
            uint first = (uint)MultiplyShiftLaw.FirstWord(v, n, 32);
            Assert.Equal(v, AesCtrPrng.Range(first, n));
            Assert.Equal(v - 1, AesCtrPrng.Range(first - 1, n));
        }
    }

    [Fact]
    public void A_32_bit_draw_is_far_from_the_bound_at_N_1e8_c_2_and_a_64_bit_draw_stays_below_it_everywhere()
    {
        var old = DummyPageBias.Compute(100_000_000, 2, 32, 32);
        Assert.InRange(old.TotalVariation, 1e-3, 1e-2);
        Assert.InRange(old.OpsToDistinguish, 1e4, 1e6);
        var wide = DummyPageBias.Grid([1 << 20, 100_000_000, 1 << 28], [2, 64], 64, 64);
        Assert.All(wide, f => Assert.True(f.TotalVariation < DummyPageBias.Bound, $"N = {f.Capacity}, c = {f.BinFactor}: TV {f.TotalVariation:g3}"));
    }

    [Fact]
    public void The_exact_distance_agrees_with_a_direct_sum_over_pages()
    {
        // Direct: probabilities from FirstWord differences, in doubles, at a size where that is precise enough.
        var p = new Bolt.Core.BoltParameters(capacity: 1 << 14);
        double words = Math.ScaleB(1, 32);
        double hostShare = 1 - ((double)MultiplyShiftLaw.FirstWord(p.HbmBins, p.Bins, 32) / words);
        double sum = 0;
        for (int v = 0; v < p.HostPages; v++)
        {
            double dummy = (double)(MultiplyShiftLaw.FirstWord(v + 1, p.HostPages, 32) - MultiplyShiftLaw.FirstWord(v, p.HostPages, 32)) / words;
            double candidate = (double)(MultiplyShiftLaw.FirstWord(p.HbmBins + v + 1, p.Bins, 32) - MultiplyShiftLaw.FirstWord(p.HbmBins + v, p.Bins, 32)) / words;
            sum += Math.Abs(candidate - (hostShare * dummy));
        }

        Assert.Equal(sum / 2, DummyPageBias.Compute(1 << 14, 8, 32, 32).TotalVariation, 1e-15);
    }
}

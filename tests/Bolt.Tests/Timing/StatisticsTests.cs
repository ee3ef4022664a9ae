using Bolt.Sim.Stats;
using Bolt.Sim.Timing;
using Xunit;

namespace Bolt.Tests.Timing;

/// <summary>
/// The statistics' speed-ups keep their answers: the latency recorder (a count per distinct value) gives the
/// same mean and nearest-rank percentiles as sorting every op's latency, and the transfer-cycle cache gives
/// ⌈bytes / rate⌉ whatever order sizes come in.
/// </summary>
public sealed class StatisticsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(400)]
    public void Latency_percentiles_match_a_sort_of_every_op(int distinct)
    {
        var random = new Random(distinct);
        var recorder = new LatencyRecorder();
        var every = new List<long>();
        double sum = 0;
        for (int batch = 0; batch < 3000; batch++)
        {
            long cycles = 40000 + random.Next(distinct);
            int times = random.Next(0, 70);
            recorder.Record(cycles, times);
            every.AddRange(Enumerable.Repeat(cycles, times));
            sum += (double)cycles * times;
        }

        every.Sort();
        Assert.Equal(every.Count, recorder.Count);
        Assert.Equal(sum / every.Count, recorder.Mean);
        foreach (double q in new[] { 0.0, 0.01, 0.5, 0.99, 0.999, 1.0 })
        {
            int rank = Math.Clamp((int)Math.Ceiling(q * every.Count) - 1, 0, every.Count - 1);
            Assert.Equal(every[rank], recorder.Percentile(q));
        }
    }

    [Fact]
    public void Transfer_cycles_are_the_ceiling_whatever_the_order()
    {
        var random = new Random(2);
        int[] sizes = [480, 448, 64, 4216, 1, 0, 3072];
        foreach (double rate in new[] { 0.7, 40.0 / 3 })
        {
            var cache = new TransferCycleCache();
            for (int i = 0; i < 5000; i++)
            {
                int bytes = sizes[random.Next(sizes.Length)];
                Assert.Equal((long)Math.Ceiling(bytes / rate), cache.Of(bytes, rate));
            }
        }
    }
}

using Bolt.Core;
using Bolt.Core.Trace;
using Bolt.Security.Workloads;
using Bolt.Sim.Engine;
using Xunit;

namespace Bolt.Tests.Security;

public sealed class LeakInjectionTests
{
    private static readonly BoltParameters Parameters = new(capacity: 1024);

    private static long Touches(WorkloadRun run) => run.Rows.Count(r => r.Kind is TraceKind.R or TraceKind.W);

    [Fact]
    public void The_specified_device_makes_four_touches_per_access_whatever_the_workload()
    {
        foreach (var kind in new[] { WorkloadKind.AbsentKeys, WorkloadKind.HotKey, WorkloadKind.DeleteHeavy })
        {
            var run = WorkloadDriver.Run(kind, Parameters, 512, 500, 1, 2);
            Assert.Equal(0, run.Mismatches);
            Assert.Equal(4 * 500, Touches(run));
        }
    }

    [Fact]
    public void Skipping_the_dummy_fetch_drops_the_fetch_touches_of_misses_but_keeps_the_map_correct()
    {
        var run = WorkloadDriver.Run(WorkloadKind.AbsentKeys, Parameters, 512, 500, 1, 2, LeakInjection.SkipDummyFetch);
        Assert.Equal(0, run.Mismatches);
        Assert.Equal(2 * 500, Touches(run));
    }

    [Fact]
    public void A_miss_that_skips_the_fetch_write_shows_three_touches()
    {
        var run = WorkloadDriver.Run(WorkloadKind.AbsentKeys, Parameters, 512, 500, 1, 2, LeakInjection.MissSkipsFetchWrite);
        Assert.Equal(0, run.Mismatches);
        Assert.Equal(3 * 500, Touches(run));
    }

    [Fact]
    public void Hashed_flush_pages_repeat_for_a_hot_key()
    {
        var run = WorkloadDriver.Run(WorkloadKind.HotKey, Parameters, 512, 500, 1, 2, LeakInjection.HashedFlushPage);
        var flushReads = run.Rows.Where(r => r.Kind == TraceKind.R).GroupBy(r => r.Op).Select(g => g.First().Address).Distinct();
        Assert.Equal(0, run.Mismatches);
        Assert.Single(flushReads);
    }

    [Fact]
    public void Short_deletes_finish_earlier_than_specified_ones()
    {
        long Span(LeakInjection leak)
        {
            var rows = WorkloadDriver.Run(WorkloadKind.DeleteHeavy, Parameters, 512, 300, 1, 2, leak).Rows;
            return rows[^1].Cycle - rows[0].Cycle;
        }

        Assert.True(Span(LeakInjection.ShortDelete) < Span(LeakInjection.None));
    }
}

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
    public void Skipping_dummy_touches_leaves_misses_without_any_touch_but_keeps_the_map_correct()
    {
        var run = WorkloadDriver.Run(WorkloadKind.AbsentKeys, Parameters, 512, 500, 1, 2, LeakInjection.SkipDummyTouches);
        Assert.Equal(0, run.Mismatches);
        Assert.Equal(0, Touches(run));
    }

    [Fact]
    public void A_miss_that_skips_the_second_write_shows_three_touches()
    {
        var run = WorkloadDriver.Run(WorkloadKind.AbsentKeys, Parameters, 512, 500, 1, 2, LeakInjection.MissSkipsSecondWrite);
        Assert.Equal(0, run.Mismatches);
        Assert.Equal(3 * 500, Touches(run));
    }

    [Theory]
    [InlineData(nameof(LeakInjection.HashedDummyPages), WorkloadKind.AbsentKeys)]
    [InlineData(nameof(LeakInjection.RevealHomePage), WorkloadKind.HotKey)]
    public void A_page_leak_changes_the_pages_the_host_sees_but_not_the_map(string leakName, WorkloadKind kind)
    {
        var leak = Enum.Parse<LeakInjection>(leakName);
        static long[] Pages(WorkloadRun r) => r.Rows.Where(row => row.Kind == TraceKind.R && row.Op >= 0).Select(row => row.Address).ToArray();
        var leaky = WorkloadDriver.Run(kind, Parameters, 512, 500, 1, 2, leak);
        var specified = WorkloadDriver.Run(kind, Parameters, 512, 500, 1, 2);
        Assert.Equal(0, leaky.Mismatches);
        int differing = Pages(leaky).Zip(Pages(specified)).Count(p => p.First != p.Second);
        Assert.True(differing > 250, $"only {differing} of {Pages(specified).Length} reads moved");
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

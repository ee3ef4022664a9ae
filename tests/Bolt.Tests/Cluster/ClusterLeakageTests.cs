using Bolt.Security.Cluster;
using Xunit;
using Xunit.Abstractions;

namespace Bolt.Tests.Cluster;

/// <summary>The cluster leakage pair: hot key vs uniform vs one shard's keys, and the max-load control.</summary>
public sealed class ClusterLeakageTests(ITestOutputHelper output)
{
    [Fact]
    public void Per_shard_frames_are_identical_across_workloads_and_the_max_load_control_is_caught()
    {
        var report = new ClusterLeakage(new ClusterLeakageOptions { Epochs = 8, RequestsPerEpoch = 512 }).Run();
        foreach (var frame in report.Frames)
        {
            output.WriteLine($"{frame.Sizing} {frame.Workload}: identical={frame.Identical} B=[{string.Join(",", frame.BatchSizes)}] {frame.FirstDifference}");
        }

        foreach (var test in report.ShardTraceTests.OrderBy(t => t.PValue).Take(5))
        {
            output.WriteLine($"{test.Pair} {test.Feature}: p={test.PValue:g3} holm={test.AdjustedPValue:g3}");
        }

        Assert.True(report.Mismatches == 0, $"{report.Mismatches} requests failed; the first: {report.FirstFailure}");
        Assert.All(report.Frames.Where(f => f.Sizing == "snoopy"), f => Assert.True(f.Identical, f.FirstDifference));
        Assert.All(report.ShardTraceTests, t => Assert.False(t.Distinguished, $"{t.Pair}: {t.Feature} p={t.PValue}"));
        Assert.True(report.ControlDetected);
        Assert.True(report.AllPassed, report.Verdict);
    }
}

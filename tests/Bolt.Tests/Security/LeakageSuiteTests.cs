using Bolt.Security.Experiments;
using Xunit;

namespace Bolt.Tests.Security;

/// <summary>Runs the reduced suite once (2^12 keys, 2·10^4 ops per side) for every test of the class.</summary>
public sealed class ReducedSuiteFixture
{
    public ReducedSuiteFixture() =>
        Report = new LeakageSuite(new LeakageSuiteOptions { Capacity = 1 << 12, Ops = 20_000, ControlReplicates = 2, Seed = 1 }).Run();

    public LeakageReport Report { get; }
}

public sealed class LeakageSuiteTests(ReducedSuiteFixture fixture) : IClassFixture<ReducedSuiteFixture>
{
    [Fact]
    public void Every_positive_control_is_detected_in_every_replicate()
    {
        Assert.Equal(PositiveControl.All.Count, fixture.Report.Controls.Count);
        Assert.All(fixture.Report.Controls, c => Assert.True(c.Detected, $"{c.Name}: power {c.Power}, min p {c.MinPValue} on {c.StrongestFeature}"));
    }

    [Fact]
    public void Every_real_comparison_passes_at_the_corrected_level()
    {
        var report = fixture.Report;
        Assert.Equal(0, report.Mismatches);
        Assert.Equal(report.Options.FamilySize, report.Tests.Count);
        var unexpected = report.Tests.Where(t => t.Distinguished).Select(t => $"{t.Name} p={t.PValue:g3}").ToList();
        Assert.True(unexpected.Count == 0, string.Join("; ", unexpected));
    }

    [Fact]
    public void The_AA_calibration_pair_is_never_distinguished()
    {
        var calibration = fixture.Report.Tests.Where(t => t.Pair.Contains("A/A", StringComparison.Ordinal)).ToList();
        Assert.Equal(PairTests.Count, calibration.Count);
        Assert.All(calibration, t => Assert.False(t.Distinguished, t.Name));
    }
}

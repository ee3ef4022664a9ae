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
    /// <summary>
    /// The suite's real finding (host/Bolt.Security/README.md): the two-choice re-placement steers a key
    /// accessed again and again onto the less-loaded pages, and the fetch reveals those pages, so a hot key
    /// (and Zipf's head) shows a skewed page-read law, and a scan reads each page about as often as it holds
    /// keys, and a present key's fetch follows page loads while a miss's dummy fetch is uniform (both seen
    /// in the reads-per-page shape at 2^16 keys and 10^5 ops). These comparisons are expected to be told apart until
    /// the algorithm changes; every other comparison must pass.
    /// </summary>
    private static readonly HashSet<(string Pair, string Feature)> KnownFindings =
    [
        ("uniform vs hot key", "fetch-page histogram"),
        ("uniform vs hot key", "reads-per-page shape"),
        ("uniform vs hot key", "page re-read within 32 ops"),
        ("uniform vs sequential scan", "reads-per-page shape"),
        ("present vs absent keys", "reads-per-page shape"),
        ("zipf vs uniform", "fetch-page histogram"),
        ("zipf vs uniform", "reads-per-page shape"),
    ];

    [Fact]
    public void Every_positive_control_is_detected_in_every_replicate()
    {
        Assert.Equal(PositiveControl.All.Count, fixture.Report.Controls.Count);
        Assert.All(fixture.Report.Controls, c => Assert.True(c.Detected, $"{c.Name}: power {c.Power}, min p {c.MinPValue} on {c.StrongestFeature}"));
    }

    [Fact]
    public void Every_real_comparison_outside_the_known_finding_passes_at_the_corrected_level()
    {
        var report = fixture.Report;
        Assert.Equal(0, report.Mismatches);
        Assert.Equal(report.Options.FamilySize, report.Tests.Count);
        var unexpected = report.Tests.Where(t => t.Distinguished && !KnownFindings.Contains((t.Pair, t.Feature))).Select(t => $"{t.Name} p={t.PValue:g3}").ToList();
        Assert.True(unexpected.Count == 0, string.Join("; ", unexpected));
    }

    [Fact]
    public void The_known_two_choice_finding_is_still_detected()
    {
        // When the algorithm is fixed this fails: drop the entries from KnownFindings and the README then.
        var hot = fixture.Report.Tests.Single(t => t.Pair == "uniform vs hot key" && t.Feature == "fetch-page histogram");
        Assert.True(hot.Distinguished, $"p = {hot.PValue}");
    }

    [Fact]
    public void The_AA_calibration_pair_is_never_distinguished()
    {
        var calibration = fixture.Report.Tests.Where(t => t.Pair.Contains("A/A", StringComparison.Ordinal)).ToList();
        Assert.Equal(PairTests.Count, calibration.Count);
        Assert.All(calibration, t => Assert.False(t.Distinguished, t.Name));
    }
}

using Bolt.Security.Games;
using Xunit;

namespace Bolt.Tests.Security;

/// <summary>Runs the active games once at CI size (N = 4096, 2·10^4 ops per side, bias grid 2^20 and 10^8 × c 2 and 64).</summary>
public sealed class ActiveGamesFixture
{
    public static ActiveGamesOptions Options { get; } = new()
    {
        Ops = 20_000,
        BiasCapacities = [1 << 20, 100_000_000],
        BiasBinFactors = [2, 64],
    };

    public ActiveGamesReport Report { get; } = new ActiveGames(Options).Run();
}

public sealed class ActiveGamesTests(ActiveGamesFixture fixture) : IClassFixture<ActiveGamesFixture>
{
    [Fact]
    public void Every_old_rule_is_caught()
    {
        Assert.Equal(3, fixture.Report.Controls.Count);
        Assert.All(fixture.Report.Controls, c => Assert.True(c.Detected, $"{c.Name}: {c.Deciding} p={c.PValue:g3}; {c.Evidence}"));
    }

    [Fact]
    public void Every_answer_of_the_real_runs_is_right_and_the_AA_calibration_holds()
    {
        var report = fixture.Report;
        Assert.Equal(0, report.Mismatches);
        var calibration = Assert.Single(report.Tests, t => t.Pair.Contains("A/A", StringComparison.Ordinal));
        Assert.False(calibration.Distinguished, $"{calibration.Name}: p={calibration.PValue:g3} {calibration.Detail}");
    }

    [Fact]
    public void Every_selective_failure_comparison_saw_aborts_on_both_sides()
    {
        Assert.Equal(LinkageComparison.All.Count, fixture.Report.Linkage.Count);
        Assert.All(fixture.Report.Linkage, l => Assert.True(l.AbortedA >= 5 && l.AbortedB >= 5, $"{l.Comparison}: {l.AbortedA} and {l.AbortedB} aborted ops"));
    }
}

public sealed class RestartGameTests
{
    [Fact]
    public void Two_starts_with_one_lifetime_replay_every_pair_and_their_images_give_up_every_host_resident_item()
    {
        var options = ActiveGamesFixture.Options with { RestartOps = 2000 };
        var key = Bolt.Sim.SimulatedDeviceOptions.InsecureFixedKey(11);
        var (tests, outcome) = RestartGame.Play(options, GameDevices.Repeated(options.Parameters, key, Bolt.Sim.SimulatedDeviceOptions.InsecureFixedKey(12)), replicate: 0);
        Assert.Equal(outcome.Ops, outcome.EqualPairs);
        Assert.Equal(options.Parameters.HostPages, outcome.EqualHeaders);
        Assert.Equal(outcome.ComparedBlocks, outcome.EqualBlocks);
        Assert.True(outcome.HostResident > 0);
        Assert.Equal(outcome.HostResident, outcome.Recovered);
        Assert.All(tests, t => Assert.True(t.Result.PValue < 1e-100, $"{t.Feature}: p={t.Result.PValue:g3}"));
    }
}

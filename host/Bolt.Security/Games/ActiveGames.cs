using System.Globalization;
using Bolt.Security.Experiments;
using Bolt.Security.Statistics;
using Bolt.Sim;

namespace Bolt.Security.Games;

/// <summary>
/// The active games of `bolt leakage`: what a host that tampers and restarts learns, where the distinguishing
/// games only watch. Selective failure (corrupt a page, see what the aborted access froze), restart (two
/// lifetimes of one root key) and the dummy-page bias (computed exactly). The real device must pass every test
/// (Holm over the family at α) and every old rule, kept as a positive control, must be caught.
/// </summary>
public sealed class ActiveGames(ActiveGamesOptions options)
{
    /// <summary>Runs every game on the real device and on every control.</summary>
    public ActiveGamesReport Run()
    {
        var p = options.Parameters;
        var (linkTests, linkage) = SelectiveFailureGame.Play(options, Sim.Engine.LeakInjection.None, replicate: 0);
        var restartKey = SimulatedDeviceOptions.InsecureFixedKey(SuiteSeeds.Derive(options.Seed, 200, 1, 0));
        var (restartTests, restart) = RestartGame.Play(options, GameDevices.Fresh(p, restartKey), replicate: 0);
        var bias = DummyPageBias.Grid(options.BiasCapacities, options.BiasBinFactors, GameDevices.Draws.Dummy, GameDevices.Draws.Candidate);

        var raw = linkTests.Concat(restartTests).ToList();
        var adjusted = HolmCorrection.Adjust(raw.Select(t => t.Result.PValue).ToArray());
        var tests = raw.Select((t, k) => new TestOutcome($"{t.Game}: {t.Comparison}", t.Feature, "host", t.Result.Method, t.Result.Statistic,
            t.Result.PValue, adjusted[k], adjusted[k] <= options.Alpha, t.Result.Detail)).ToList();

        double threshold = options.Alpha / raw.Count;
        var controls = new List<ActiveControlOutcome>
        {
            OldAbortRuleControl(threshold),
            RepeatedLifetimeControl(threshold),
            BiasedDummiesControl(),
        };
        return new ActiveGamesReport { Options = options, Tests = tests, Linkage = linkage, Restart = restart, Bias = bias, Controls = controls };
    }

    /// <summary>Caught when every comparison but the A/A calibration rejects at α/m: linkage, hot key, existence and op type each show.</summary>
    private ActiveControlOutcome OldAbortRuleControl(double threshold)
    {
        var (tests, summaries) = SelectiveFailureGame.Play(options, GameDevices.OldAbortRule, replicate: 1);
        var required = tests.Where(t => !t.Comparison.Contains("A/A", StringComparison.Ordinal)).ToList();
        var weakest = required.MaxBy(t => t.Result.PValue)!;
        string evidence = string.Join("; ", summaries.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{s.Comparison}: {s.ReappearedA}/{s.AbortedA} vs {s.ReappearedB}/{s.AbortedB}")));
        return new ActiveControlOutcome("old abort rule: keep serving after an integrity failure", GameDevices.OldAbortRule.ToString(), "selective failure",
            weakest.Result.PValue <= threshold, weakest.Comparison, weakest.Result.PValue, evidence);
    }

    /// <summary>Caught when a restart test rejects at α/m; the evidence includes the items read in clear.</summary>
    private ActiveControlOutcome RepeatedLifetimeControl(double threshold)
    {
        var key = SimulatedDeviceOptions.InsecureFixedKey(SuiteSeeds.Derive(options.Seed, 200, 1, 1));
        var lifetime = SimulatedDeviceOptions.InsecureFixedKey(SuiteSeeds.Derive(options.Seed, 200, 2, 1));
        var (tests, outcome) = RestartGame.Play(options, GameDevices.Repeated(options.Parameters, key, lifetime), replicate: 1);
        var strongest = tests.MinBy(t => t.Result.PValue)!;
        string evidence = string.Create(CultureInfo.InvariantCulture,
            $"equal pairs {outcome.EqualPairs}/{outcome.Ops}, equal blocks {outcome.EqualBlocks}/{outcome.ComparedBlocks}, items read in clear {outcome.Recovered}/{outcome.HostResident}");
        return new ActiveControlOutcome("restart with a repeated lifetime", "same Lifetime twice", "restart",
            strongest.Result.PValue <= threshold && outcome.Recovered > 0, strongest.Feature, strongest.Result.PValue, evidence);
    }

    /// <summary>Caught when the old draw's TV reaches 2^-32 somewhere on the grid.</summary>
    private ActiveControlOutcome BiasedDummiesControl()
    {
        var figures = DummyPageBias.Grid(options.BiasCapacities, options.BiasBinFactors, GameDevices.BiasedDraws.Dummy, GameDevices.BiasedDraws.Candidate);
        var worst = figures.MaxBy(f => f.TotalVariation)!;
        string cell = string.Create(CultureInfo.InvariantCulture, $"N = {worst.Capacity}, c = {worst.BinFactor}");
        string evidence = string.Create(CultureInfo.InvariantCulture, $"TV {worst.TotalVariation:g3} at {cell}: about {worst.OpsToDistinguish:g2} touched pages tell hits from misses");
        return new ActiveControlOutcome("32-bit dummy draw", GameDevices.OldDummyDraw.ToString(), "dummy-page bias", worst.TotalVariation >= DummyPageBias.Bound, cell, double.NaN, evidence);
    }
}

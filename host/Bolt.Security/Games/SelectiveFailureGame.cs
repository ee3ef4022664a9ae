using Bolt.Security.Experiments;
using Bolt.Security.Features;
using Bolt.Security.Statistics;
using Bolt.Sim;
using Bolt.Sim.Engine;

namespace Bolt.Security.Games;

/// <summary>
/// The active selective-failure game. The host corrupts one random page before every k-th batch and puts it
/// back after; the device may abort the accesses that read it. The adversary then asks whether an aborted
/// access's ordered page pair shows up again in the next accesses (across device restarts too), and compares
/// that share between secrets: hot key vs uniform keys, present vs absent keys and updates vs inserts when the
/// client retries. A fail-stop device halts at the first abort, and the host must restart it (a fresh
/// lifetime, reloaded), so nothing the aborted access froze is ever seen again.
/// </summary>
internal static class SelectiveFailureGame
{
    /// <summary>The feature every comparison tests.</summary>
    public static string Feature(int window) => $"aborted op's page pair reappears within {window} ops";

    /// <summary>Plays every comparison on devices with <paramref name="leak"/>; <paramref name="replicate"/> picks fresh seeds.</summary>
    public static (List<GameTest> Tests, List<LinkageSummary> Summaries) Play(ActiveGamesOptions options, LeakInjection leak, int replicate)
    {
        var tests = new List<GameTest>();
        var summaries = new List<LinkageSummary>();
        for (int c = 0; c < LinkageComparison.All.Count; c++)
        {
            var (test, summary) = Play(options, LinkageComparison.All[c], c, leak, replicate);
            tests.Add(test);
            summaries.Add(summary);
        }

        return (tests, summaries);
    }

    /// <summary>Plays one comparison.</summary>
    public static (GameTest Test, LinkageSummary Summary) Play(ActiveGamesOptions options, LinkageComparison comparison, int index, LeakInjection leak, int replicate)
    {
        var schedule = new CorruptionSchedule(options.CorruptEvery, comparison.Retries);

        // One run split by labels sees a fraction of its aborts per side (a third each for updates and inserts):
        // it runs three times as long, so each side has about as many aborts as a side of its own would.
        long ops = comparison.OneRun ? 3 * options.Ops : options.Ops;
        ActiveHostRun RunSide(int side) => ActiveHost.Run(
            GameDevices.Fresh(options.Parameters, SimulatedDeviceOptions.InsecureFixedKey(SuiteSeeds.Derive(options.Seed, 100 + index, side, replicate)), leak),
            side == 0 ? comparison.A : comparison.B, options.Loaded, ops,
            SuiteSeeds.Derive(options.Seed, 100 + index, 10 + side, replicate), SuiteSeeds.Derive(options.Seed, 100 + index, 20 + side, replicate), schedule);

        ActiveHostRun a, b;
        if (comparison.OneRun)
        {
            a = b = RunSide(0);
        }
        else
        {
            ActiveHostRun? first = null, second = null;
            Parallel.Invoke(() => first = RunSide(0), () => second = RunSide(1));
            (a, b) = (first!, second!);
        }

        var linkedA = AbortLinkage.Reappearances(a.Served, options.Window, comparison.InA);
        var linkedB = AbortLinkage.Reappearances(b.Served, options.Window, comparison.InB);
        var result = FisherExactTest.TwoSided(Histograms.Binary(linkedA), Histograms.Binary(linkedB));
        var runs = comparison.OneRun ? [a] : new[] { a, b };
        var summary = new LinkageSummary(comparison.Name, linkedA.Count, linkedA.Count(x => x), linkedB.Count, linkedB.Count(x => x),
            runs.Sum(r => r.Corruptions), runs.Sum(r => r.Lifetimes), runs.Sum(r => r.Refused), runs.Sum(r => r.Mismatches));
        return (new GameTest("selective failure", comparison.Name, Feature(options.Window), result), summary);
    }
}

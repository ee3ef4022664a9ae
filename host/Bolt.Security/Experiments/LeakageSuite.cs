using Bolt.Security.Features;
using Bolt.Security.Statistics;
using Bolt.Security.Workloads;
using Bolt.Sim.Engine;

namespace Bolt.Security.Experiments;

/// <summary>
/// The distinguishing games: for every pair, run both workloads on the simulator with a trace, extract the
/// host's view, and test whether the two traces come from one law; then run the positive controls (devices
/// that leak on purpose) through the same battery and require each to be caught.
/// </summary>
public sealed class LeakageSuite(LeakageSuiteOptions options)
{
    /// <summary>Op units of work the run does, for a progress bar (each op of each run counts one).</summary>
    public long TotalWork => 2 * options.Ops * (DistinguishingPair.All.Count + (PositiveControl.All.Count * options.ControlReplicates));

    /// <summary>Runs every pair and every control.</summary>
    public LeakageReport Run(IProgress<long>? progress = null)
    {
        long done = 0;
        void Advance()
        {
            done += 2 * options.Ops;
            progress?.Report(done);
        }

        var raw = new List<(DistinguishingPair Pair, FeatureTest Test)>();
        var summaries = new List<PairSummary>();
        long mismatches = 0;
        for (int i = 0; i < DistinguishingPair.All.Count; i++)
        {
            var pair = DistinguishingPair.All[i];
            var (a, b, errors) = RunPair(pair, i, replicate: 0, LeakInjection.None);
            mismatches += errors;
            raw.AddRange(PairTests.Run(a, b, options.Parameters.HostPages, options.Permutations, new Random(Seed(i, 2, 0))).Select(t => (pair, t)));
            summaries.Add(Summarise(pair, a, b));
            Advance();
        }

        var adjusted = HolmCorrection.Adjust(raw.Select(r => r.Test.Result.PValue).ToArray());
        var tests = raw.Select((r, k) => new TestOutcome(r.Pair.Name, r.Test.Feature, r.Test.Adversary, r.Test.Result.Method,
            r.Test.Result.Statistic, r.Test.Result.PValue, adjusted[k], adjusted[k] <= options.Alpha, r.Test.Result.Detail)).ToList();

        var controls = new List<ControlOutcome>();
        foreach (var control in PositiveControl.All)
        {
            controls.Add(RunControl(control, Advance));
        }

        return new LeakageReport { Options = options, Tests = tests, Controls = controls, Pairs = summaries, Mismatches = mismatches };
    }

    /// <summary>
    /// A control is detected in a replicate when some test's p-value is below α/m, the strictest threshold of
    /// Holm's procedure over the real family: the same test would have flagged the real device.
    /// </summary>
    private ControlOutcome RunControl(PositiveControl control, Action advance)
    {
        double threshold = options.Alpha / options.FamilySize;
        int pairIndex = DistinguishingPair.All.ToList().IndexOf(control.Pair);
        int detections = 0;
        List<FeatureTest>? first = null;
        for (int r = 0; r < options.ControlReplicates; r++)
        {
            // Replicates 1.. use fresh seeds; offset by the leak so controls do not share devices.
            int replicate = 1 + r + (100 * (int)control.Leak);
            var (a, b, _) = RunPair(control.Pair, pairIndex, replicate, control.Leak);
            var tests = PairTests.Run(a, b, options.Parameters.HostPages, options.Permutations, new Random(Seed(pairIndex, 3, replicate)));
            first ??= tests;
            detections += tests.Any(t => t.Result.PValue <= threshold) ? 1 : 0;
            advance();
        }

        var firstTests = first!;
        var strongest = firstTests.MinBy(t => t.Result.PValue)!;
        return new ControlOutcome(control.Name, control.Leak.ToString(), control.Pair.Name, detections == options.ControlReplicates,
            (double)detections / options.ControlReplicates, options.ControlReplicates, strongest.Feature, strongest.Result.PValue,
            firstTests.Count(t => t.Result.PValue <= threshold));
    }

    /// <summary>
    /// Both sides of a pair, on two cores. Each side gets its own, independent device seed and workload seed.
    /// With one shared device seed both runs would draw the same dummy pages and bins, so their traces would
    /// be strongly correlated and every two-sample test — which assumes independent samples — would sit near
    /// p = 1 whatever the device does: a game that cannot be lost. Independent seeds make the two traces
    /// independent draws, which is what the tests assume and what an adversary who does not know the device
    /// key faces; any difference must then come from the workloads.
    /// </summary>
    private (OpFeatures A, OpFeatures B, long Mismatches) RunPair(DistinguishingPair pair, int pairIndex, int replicate, LeakInjection leak)
    {
        var parameters = options.Parameters;
        long loaded = (long)Math.Floor(parameters.Capacity * options.LoadFactor);
        WorkloadRun? runA = null;
        WorkloadRun? runB = null;
        Parallel.Invoke(
            () => runA = WorkloadDriver.Run(pair.A, parameters, loaded, options.Ops, Seed(pairIndex, 0, replicate), Seed(pairIndex, 10, replicate), leak, pair.PipelineDepth),
            () => runB = WorkloadDriver.Run(pair.B, parameters, loaded, options.Ops, Seed(pairIndex, 1, replicate), Seed(pairIndex, 11, replicate), leak, pair.PipelineDepth));
        return (OpFeatures.Extract(runA!), OpFeatures.Extract(runB!), runA!.Mismatches + runB!.Mismatches);
    }

    private PairSummary Summarise(DistinguishingPair pair, OpFeatures a, OpFeatures b)
    {
        int hostPages = options.Parameters.HostPages;
        int groups = PairTests.PageGroupCount(a.FirstPage.Length, hostPages);
        return new PairSummary(pair.Name, pair.A.ToString(), pair.B.ToString(),
            Histograms.PageGroups(a.SecondPage, hostPages, groups), Histograms.PageGroups(b.SecondPage, hostPages, groups),
            Histograms.PageGroups(a.FirstPage, hostPages, groups), Histograms.PageGroups(b.FirstPage, hostPages, groups),
            a.Duration, b.Duration);
    }

    private int Seed(int pair, int role, int replicate) => SuiteSeeds.Derive(options.Seed, pair, role, replicate);
}

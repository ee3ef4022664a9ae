using Bolt.Core;

namespace Bolt.Security.Experiments;

/// <summary>The size and significance of a leakage-suite run.</summary>
public sealed record LeakageSuiteOptions
{
    /// <summary>Capacity N of every map (default 2^16).</summary>
    public int Capacity { get; init; } = 1 << 16;

    /// <summary>Ops per workload (default 10^5); both sides of a pair run this many.</summary>
    public long Ops { get; init; } = 100_000;

    /// <summary>Family-wise significance level α, Holm-corrected over every real comparison.</summary>
    public double Alpha { get; init; } = 0.01;

    /// <summary>The suite's seed: every device and workload seed derives from it.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Share of the capacity stored before each run; half leaves room for inserts and deletes.</summary>
    public double LoadFactor { get; init; } = 0.5;

    /// <summary>Independent repetitions of each positive control; the share that detect it is its power.</summary>
    public int ControlReplicates { get; init; } = 3;

    /// <summary>The map's parameters at <see cref="Capacity"/>.</summary>
    public BoltParameters Parameters => new(capacity: Capacity);

    /// <summary>Tests in the real family: every pair's battery.</summary>
    public int FamilySize => DistinguishingPair.All.Count * PairTests.Count;

    /// <summary>
    /// Relabellings per permutation test: enough that the smallest attainable p-value, 1/(R+1), is a quarter
    /// of Holm's strictest threshold α/m — fewer and a permutation test could never reject.
    /// </summary>
    public int Permutations => (int)Math.Min(200_000, Math.Ceiling(4.0 * FamilySize / Alpha));
}

namespace Bolt.Security.Experiments;

/// <summary>Everything a leakage-suite run found.</summary>
public sealed record LeakageReport
{
    /// <summary>The run's options.</summary>
    public required LeakageSuiteOptions Options { get; init; }

    /// <summary>Every real comparison, Holm-corrected together.</summary>
    public required IReadOnlyList<TestOutcome> Tests { get; init; }

    /// <summary>Every positive control.</summary>
    public required IReadOnlyList<ControlOutcome> Controls { get; init; }

    /// <summary>Per-pair distributions for plots.</summary>
    public required IReadOnlyList<PairSummary> Pairs { get; init; }

    /// <summary>Responses of the real runs that disagreed with the reference model (must be 0).</summary>
    public required long Mismatches { get; init; }

    /// <summary>No real comparison told its workloads apart, and every response was right.</summary>
    public bool AllPassed => Mismatches == 0 && Tests.All(t => !t.Distinguished);

    /// <summary>Every positive control was detected in every replicate.</summary>
    public bool AllControlsDetected => Controls.All(c => c.Detected);

    /// <summary>
    /// The suite could have seen a leak at this size: every positive control was caught. Without that, games the
    /// real device "passes" prove nothing — the same tests missed devices that leak on purpose.
    /// </summary>
    public bool HasPower => AllControlsDetected;

    /// <summary>The one-line reading of the run: a leak, no power (inconclusive), a wrong answer, or no leak found.</summary>
    public string Verdict => Mismatches > 0 ? $"FAILED: {Mismatches} answers differed from the reference model"
        : !HasPower ? $"INCONCLUSIVE: {Controls.Count(c => !c.Detected)} of {Controls.Count} positive controls went undetected, so at N = {Options.Capacity} with {Options.Ops} ops the suite has no power; passing games prove nothing here (use a larger --capacity or --ops)"
        : !AllPassed ? "LEAK: a real comparison told its workloads apart"
        : "no leak found: every game passed and every positive control was caught";
}

using Bolt.Security.Experiments;

namespace Bolt.Security.Games;

/// <summary>Everything the active games found.</summary>
public sealed record ActiveGamesReport
{
    /// <summary>The run's options.</summary>
    public required ActiveGamesOptions Options { get; init; }

    /// <summary>Every statistical test of the real device, Holm-corrected together.</summary>
    public required IReadOnlyList<TestOutcome> Tests { get; init; }

    /// <summary>The real device's selective-failure figures, per comparison.</summary>
    public required IReadOnlyList<LinkageSummary> Linkage { get; init; }

    /// <summary>The real device's restart figures.</summary>
    public required RestartOutcome Restart { get; init; }

    /// <summary>The real device's dummy-page bias over the grid.</summary>
    public required IReadOnlyList<BiasFigure> Bias { get; init; }

    /// <summary>Every positive control.</summary>
    public required IReadOnlyList<ActiveControlOutcome> Controls { get; init; }

    /// <summary>Answered ops of the real runs that disagreed with the dictionary (must be 0).</summary>
    public long Mismatches => Linkage.Sum(l => l.Mismatches);

    /// <summary>The worst grid cell of the real device's bias.</summary>
    public BiasFigure WorstBias => Bias.MaxBy(b => b.TotalVariation)!;

    /// <summary>No real test told its sides apart, nothing was read across a restart, the bias is below 2^-32 everywhere, every answer was right.</summary>
    public bool AllPassed => Mismatches == 0 && Tests.All(t => !t.Distinguished) && Restart.Recovered == 0
        && WorstBias.TotalVariation < DummyPageBias.Bound;

    /// <summary>Every positive control was caught.</summary>
    public bool AllControlsDetected => Controls.All(c => c.Detected);

    /// <summary>The one-line reading of the active games: a wrong answer, no power, a leak, or none found.</summary>
    public string Verdict => Mismatches > 0 ? $"FAILED: {Mismatches} answers differed from the reference model"
        : !AllControlsDetected ? $"INCONCLUSIVE: {Controls.Count(c => !c.Detected)} of {Controls.Count} positive controls of the active games went undetected (use a larger --active-ops)"
        : !AllPassed ? "LEAK: the real device lost an active game (selective failure, restart or dummy-page bias)"
        : "no leak found: the real device passed every active game and every old rule was caught";
}

namespace Bolt.Security.Tamper;

/// <summary>What a tamper campaign observed.</summary>
public sealed record TamperOutcome
{
    /// <summary>Attacks made.</summary>
    public required long Attacks { get; init; }

    /// <summary>Attacks reported as <c>IntegrityViolation</c> by the first access that read a tampered page.</summary>
    public required long Detected { get; init; }

    /// <summary>Accesses that read a tampered page and did not report it (must be 0).</summary>
    public required long Undetected { get; init; }

    /// <summary>Integrity violations reported when no page was tampered with (must be 0).</summary>
    public required long FalseAlarms { get; init; }

    /// <summary>Responses that disagreed with the reference dictionary (must be 0).</summary>
    public required long WrongValues { get; init; }

    /// <summary>Keys whose value was wrong in the final read-back of the whole map (must be 0).</summary>
    public required long FinalMismatches { get; init; }

    /// <summary>Accesses served, aborted ones included.</summary>
    public required long Accesses { get; init; }

    /// <summary>Accesses retried after a detection and a restore that then succeeded.</summary>
    public required long Recovered { get; init; }

    /// <summary>Attacks and detections per kind.</summary>
    public required IReadOnlyDictionary<string, (long Attacks, long Detected)> ByKind { get; init; }

    /// <summary>Every attack detected and recovered from, nothing missed, no false alarm, no wrong value.</summary>
    public bool Passed => Detected == Attacks && Recovered == Detected && Undetected == 0 && FalseAlarms == 0 && WrongValues == 0 && FinalMismatches == 0;
}

namespace Bolt.Security.Tamper;

/// <summary>What a tamper campaign observed.</summary>
public sealed record TamperOutcome
{
    /// <summary>Attacks made.</summary>
    public required long Attacks { get; init; }

    /// <summary>
    /// Attacks detected: <c>IntegrityViolation</c> from the first access that read a tampered page, a rejection
    /// by the device of a forged command frame, or a rejection by the client of a forged response frame.
    /// </summary>
    public required long Detected { get; init; }

    /// <summary>Tampered pages read, forged command frames served and forged responses opened without complaint (must be 0).</summary>
    public required long Undetected { get; init; }

    /// <summary>Integrity violations or channel rejections with nothing tampered (must be 0).</summary>
    public required long FalseAlarms { get; init; }

    /// <summary>Responses that disagreed with the reference dictionary, lost writes included (must be 0).</summary>
    public required long WrongValues { get; init; }

    /// <summary>Keys whose value was wrong in the final read-back of the whole map (must be 0).</summary>
    public required long FinalMismatches { get; init; }

    /// <summary>Records the device executed, aborted accesses included.</summary>
    public required long Accesses { get; init; }

    /// <summary>
    /// Detections after which the map went on correctly: the retried access after a page restore, both honest
    /// frames after a rejected command forgery or a rejected late withheld frame, or the retransmission (same
    /// response bytes, nothing run) after a rejected response.
    /// </summary>
    public required long Recovered { get; init; }

    /// <summary>Rejected command forgeries after which host memory or the device's access counter had changed (must be 0).</summary>
    public required long StateChanges { get; init; }

    /// <summary>
    /// Channel sessions the campaign's client opened: one, since every rejected answer is settled by retransmitting
    /// on the same session (SPEC §10.5), plus one per device restart; more only after a false alarm or an undetected forgery.
    /// </summary>
    public required long Sessions { get; init; }

    /// <summary>Frames the device itself counted as rejected (forged command frames and late withheld frames).</summary>
    public required long DeviceRejections { get; init; }

    /// <summary>
    /// Retransmissions the device answered from its response cache without running anything: one per rejected
    /// response, plus each command replay that happened to be the last executed frame.
    /// </summary>
    public required long DeviceRetransmissions { get; init; }

    /// <summary>
    /// Host-memory detections whose aborted access's ordered page pair a later access (within
    /// <see cref="DetectionAftermath.Window"/> accesses) touched again: what the trace links to the aborted op.
    /// Chance alone gives about Window/H² per detection (0.6% at the default capacity); the retried op of a device
    /// that froze the pair gives it every time the key was present.
    /// </summary>
    public long LinkedAfterDetection { get; init; }

    /// <summary>Host-memory detections after which the same device lifetime served another access (0 for a fail-stop device).</summary>
    public long ServedAfterDetection { get; init; }

    /// <summary>Accesses served by device lifetimes after their first host-memory detection.</summary>
    public long AccessesAfterDetection { get; init; }

    /// <summary>Device lifetimes the host started after a halted device refused the retry of an aborted op (0 for a device that keeps serving).</summary>
    public long Restarts { get; init; }

    /// <summary>Attacks, detections and verdicts per kind.</summary>
    public required IReadOnlyDictionary<string, TamperKindOutcome> ByKind { get; init; }

    /// <summary>Every attack detected and recovered from, nothing missed, no false alarm, no state change, no wrong value.</summary>
    public bool Passed => Detected == Attacks && Recovered == Detected && Undetected == 0 && FalseAlarms == 0
        && StateChanges == 0 && WrongValues == 0 && FinalMismatches == 0;
}

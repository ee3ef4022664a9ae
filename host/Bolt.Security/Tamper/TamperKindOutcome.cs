namespace Bolt.Security.Tamper;

/// <summary>What a tamper campaign observed for one attack kind.</summary>
public sealed class TamperKindOutcome
{
    private readonly SortedDictionary<string, long> _verdicts = new(StringComparer.Ordinal);

    /// <summary>Attacks of this kind made.</summary>
    public long Attacks { get; private set; }

    /// <summary>Attacks of this kind detected.</summary>
    public long Detected { get; private set; }

    /// <summary>
    /// How the detections were reported: <c>IntegrityViolation</c> for host memory, the <c>ChannelFault</c> of the
    /// rejection for the channel (the fault is a hint; only the tag is a verdict, SPEC §10.4).
    /// </summary>
    public IReadOnlyDictionary<string, long> Verdicts => _verdicts;

    /// <summary>Counts an attack made.</summary>
    internal void Made() => Attacks++;

    /// <summary>Counts a detection reported as <paramref name="verdict"/>.</summary>
    internal void Caught(string verdict)
    {
        Detected++;
        _verdicts[verdict] = _verdicts.GetValueOrDefault(verdict) + 1;
    }
}

namespace Bolt.Security.Tamper;

/// <summary>
/// What the trace revealed after each host-memory detection: did a later access (within <see cref="Window"/>
/// accesses, across restarts) touch the aborted access's ordered page pair, and did the device go on serving
/// accesses in the same lifetime? A device that freezes the aborted item's candidates shows the pair again when
/// the op is retried — the very next access — while independent pairs repeat within the window with chance
/// about Window/H² (0.6% on the campaign's 51 pages); a fail-stop device serves nothing more until the host
/// restarts it, and the new lifetime's pairs are independent of the old one's.
/// </summary>
internal sealed class DetectionAftermath
{
    /// <summary>Later accesses searched for an aborted pair: the retry comes next, so a short window keeps chance low.</summary>
    public const int Window = 16;

    private readonly List<(int First, int Second, long Deadline)> _watched = [];
    private long _accesses;
    private long _awaiting;
    private bool _detectedThisLifetime;

    /// <summary>Detections whose aborted pair was touched again within the window.</summary>
    public long Linked { get; private set; }

    /// <summary>Detections after which the same device lifetime served at least one more access.</summary>
    public long ServedAfter { get; private set; }

    /// <summary>Accesses served by a device lifetime after its first detection.</summary>
    public long AccessesAfter { get; private set; }

    /// <summary>The device served an access (aborted or not) that read <paramref name="first"/> then <paramref name="second"/>.</summary>
    public void Served(int first, int second)
    {
        _accesses++;
        ServedAfter += _awaiting;
        _awaiting = 0;
        AccessesAfter += _detectedThisLifetime ? 1 : 0;
        _watched.RemoveAll(w => w.Deadline < _accesses);
        int before = _watched.Count;
        _watched.RemoveAll(w => w.First == first && w.Second == second);
        Linked += before - _watched.Count;
    }

    /// <summary>The access just served aborted on a tampered page; it read <paramref name="first"/> then <paramref name="second"/>.</summary>
    public void Detected(int first, int second)
    {
        _watched.Add((first, second, _accesses + Window));
        _awaiting++;
        _detectedThisLifetime = true;
    }

    /// <summary>The host restarted the device: what a new lifetime serves is not "after the detection" for the old one.</summary>
    public void Restarted()
    {
        _awaiting = 0;
        _detectedThisLifetime = false;
    }
}

namespace Bolt.Sim.Engine;

/// <summary>
/// The host pages one access touched (SPEC §6): always R(flush), R(fetch), then, unless an integrity failure
/// aborted the access, W(fetch), W(flush). This is everything the host can see of an access.
/// </summary>
public readonly record struct AccessTouches(int FlushPage, int FetchPage, bool Aborted)
{
    /// <summary>A positive control hides the fetch read (never set by the specified device).</summary>
    internal bool FetchReadHidden { get; init; }

    /// <summary>A positive control hides the fetch write (never set by the specified device).</summary>
    internal bool FetchWriteHidden { get; init; }

    /// <summary>A positive control shortens the modify step by this many cycles (0 in the specified device).</summary>
    internal int CyclesSaved { get; init; }
}

namespace Bolt.Sim.Engine;

/// <summary>
/// The host pages one access touched (SPEC §6): the pages of the item's two candidate bins (or fresh dummy
/// pages), always R(first), R(second), then, unless an integrity failure aborted the access, W(first),
/// W(second). This is everything the host can see of an access.
/// </summary>
public readonly record struct AccessTouches(int FirstPage, int SecondPage, bool Aborted)
{
    /// <summary>A record the halted device refused (SPEC §6): no page is touched and no time passes.</summary>
    public static AccessTouches Refused => new(-1, -1, Aborted: true) { IsRefused = true };

    /// <summary>True for <see cref="Refused"/>: the access did not run at all.</summary>
    public bool IsRefused { get; private init; }

    /// <summary>Rows a positive control hides from the host (never set by the specified device).</summary>
    internal HiddenTouches Hidden { get; init; }

    /// <summary>A positive control shortens the modify step by this many cycles (0 in the specified device).</summary>
    internal int CyclesSaved { get; init; }

    /// <summary>
    /// A positive control holds this access's lookup until the previous access has ended (a pipeline interlock on
    /// the key, which the specified device never has: its stages wait on public events only).
    /// </summary>
    internal bool StallsOnPrevious { get; init; }
}

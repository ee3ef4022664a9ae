namespace Bolt.Sim.Engine;

/// <summary>
/// The host pages one access touched (SPEC §6): always R(flush), R(fetch), then, unless an integrity failure
/// aborted the access, W(fetch), W(flush). This is everything the host can see of an access.
/// </summary>
public readonly record struct AccessTouches(int FlushPage, int FetchPage, bool Aborted);

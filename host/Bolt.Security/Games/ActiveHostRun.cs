namespace Bolt.Security.Games;

/// <summary>What an <see cref="ActiveHost"/> run left behind.</summary>
/// <param name="Served">Every access that touched pages, in order, across lifetimes.</param>
/// <param name="LoadImage">The host image of the first lifetime right after its bulk load.</param>
/// <param name="HostResidentAtLoad">Items the first lifetime's load put in host pages (not HBM, not stash).</param>
/// <param name="Lifetimes">Device lifetimes used: 1 + restarts after a halt.</param>
/// <param name="Corruptions">Pages the host corrupted.</param>
/// <param name="Aborted">Accesses that aborted on a corrupted page.</param>
/// <param name="Refused">Ops the device answered <c>IntegrityViolation</c> without touching any page (after a halt in their batch), or whose frame a halted device rejected.</param>
/// <param name="Mismatches">Answered ops that disagreed with the reference dictionary (must be 0).</param>
internal sealed record ActiveHostRun(IReadOnlyList<ServedOp> Served, byte[] LoadImage, long HostResidentAtLoad, int Lifetimes, long Corruptions, long Aborted, long Refused, long Mismatches);

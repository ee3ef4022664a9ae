namespace Bolt.Security.Games;

/// <summary>
/// How the active host tampers between batches: before every <see cref="Every"/>-th batch it flips one byte of
/// one uniformly random page, and it puts the page's bytes back after that batch (the review's schedule).
/// </summary>
/// <param name="Every">Corrupt before batches 0, Every, 2·Every, …; 0 never corrupts.</param>
/// <param name="Retries">The client retries every op answered <c>IntegrityViolation</c> at the head of its next batch.</param>
internal sealed record CorruptionSchedule(int Every, bool Retries)
{
    /// <summary>An honest host: no corruption, no retries.</summary>
    public static CorruptionSchedule None { get; } = new(0, false);

    /// <summary>True when the host corrupts a page before batch <paramref name="batch"/>.</summary>
    public bool CorruptsBefore(long batch) => Every > 0 && batch % Every == 0;
}

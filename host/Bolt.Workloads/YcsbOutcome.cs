namespace Bolt.Workloads;

/// <summary>What a YCSB run observed on the wall clock and against the reference dictionary.</summary>
public sealed record YcsbOutcome
{
    /// <summary>Keys loaded before the run.</summary>
    public long LoadedKeys { get; init; }

    /// <summary>Ops run after the load.</summary>
    public long Ops { get; init; }

    /// <summary>Responses that disagreed with the reference dictionary.</summary>
    public long Mismatches { get; init; }

    /// <summary>Responses with an error status.</summary>
    public long Errors { get; init; }

    /// <summary>Wall time of the load (device initialisation included), in seconds.</summary>
    public double InitWallSeconds { get; init; }

    /// <summary>Wall time of the ops, in seconds.</summary>
    public double WallSeconds { get; init; }

    /// <summary>Ops per wall-clock second.</summary>
    public double WallOpsPerSecond => WallSeconds > 0 ? Ops / WallSeconds : 0;
}

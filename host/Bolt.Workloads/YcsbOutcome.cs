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

    /// <summary>
    /// CPU time the process used during the ops (every thread: the device and the driver's second core), in
    /// seconds. Unlike wall time it does not grow when other jobs share the machine's cores.
    /// </summary>
    public double CpuSeconds { get; init; }

    /// <summary>CPU microseconds per op (<see cref="CpuSeconds"/> over <see cref="Ops"/>).</summary>
    public double CpuMicrosecondsPerOp => Ops > 0 ? CpuSeconds * 1e6 / Ops : 0;
}

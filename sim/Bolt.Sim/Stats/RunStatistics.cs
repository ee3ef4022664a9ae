namespace Bolt.Sim.Stats;

/// <summary>What a simulated run measured: modeled timing, traffic and the engine's high-water marks.</summary>
public sealed record RunStatistics
{
    /// <summary>Commands served.</summary>
    public long Ops { get; init; }

    /// <summary>Command batches served.</summary>
    public long Batches { get; init; }

    /// <summary>Mean modeled latency, command submission to response at the host, in µs.</summary>
    public double LatencyMeanUs { get; init; }

    /// <summary>Median modeled latency in µs.</summary>
    public double LatencyP50Us { get; init; }

    /// <summary>99th-percentile modeled latency in µs.</summary>
    public double LatencyP99Us { get; init; }

    /// <summary>Ops over the modeled duration of the run (first submission to last response).</summary>
    public double ModeledThroughputOpsPerSecond { get; init; }

    /// <summary>Modeled duration of the run, in seconds.</summary>
    public double ModeledSeconds { get; init; }

    /// <summary>Modeled time of the device-side initialisation and bulk load, in seconds.</summary>
    public double ModeledInitSeconds { get; init; }

    /// <summary>Host-memory bytes (page reads and writes) per op.</summary>
    public double PageBytesPerOp { get; init; }

    /// <summary>Sealed command-frame bytes (CMD rows) per op: header, records and tag.</summary>
    public double CommandBytesPerOp { get; init; }

    /// <summary>Sealed response-frame bytes (RSP rows) per op: header, records and tag.</summary>
    public double ResponseBytesPerOp { get; init; }

    /// <summary>All host-visible bytes (pages, command and response frames) per op.</summary>
    public double HostBytesPerOp { get; init; }

    /// <summary>HBM bytes per op (the padded constant-time kernel).</summary>
    public double HbmBytesPerOp { get; init; }

    /// <summary>Host pages touched per op.</summary>
    public double PagesTouchedPerOp { get; init; }

    /// <summary>The largest bin load reached.</summary>
    public int MaxBinLoad { get; init; }

    /// <summary>The largest number of HBM-bin items reached.</summary>
    public long MaxHbmItems { get; init; }

    /// <summary>The largest eviction-buffer size reached.</summary>
    public int MaxEvictionBuffer { get; init; }

    /// <summary>The largest stash size reached.</summary>
    public int MaxStash { get; init; }

    /// <summary>Accesses aborted by integrity failures.</summary>
    public long IntegrityFailures { get; init; }
}

namespace Bolt.Bench.Sweep;

/// <summary>
/// The figures of one device rule on one configuration: modeled (the platform's timing model) and measured on this
/// machine's wall clock. One CSV line and one JSON object each.
/// </summary>
public sealed record BenchRow
{
    /// <summary>The sweep axis this configuration belongs to (capacity, value-size, hbm-fraction, bin-factor, batch, paper-point).</summary>
    public required string Axis { get; init; }

    /// <summary>bolt, bolt-paper or plain.</summary>
    public required string Rule { get; init; }

    /// <summary>Capacity N.</summary>
    public required int Capacity { get; init; }

    /// <summary>Maximum value size V in bytes.</summary>
    public required int ValueSize { get; init; }

    /// <summary>HBM fraction α.</summary>
    public required double HbmFraction { get; init; }

    /// <summary>Bin factor c.</summary>
    public required int BinFactor { get; init; }

    /// <summary>Requests per command batch.</summary>
    public required int Batch { get; init; }

    /// <summary>Ops run after the load.</summary>
    public required long Ops { get; init; }

    /// <summary>Responses that disagreed with the reference model.</summary>
    public required long Mismatches { get; init; }

    /// <summary>Modeled mean latency, submission to response, µs.</summary>
    public required double LatencyMeanUs { get; init; }

    /// <summary>Modeled 99th-percentile latency, µs.</summary>
    public required double LatencyP99Us { get; init; }

    /// <summary>Modeled throughput, ops per second.</summary>
    public required double ThroughputOpsPerSecond { get; init; }

    /// <summary>Modeled time of the initialisation and bulk load, seconds.</summary>
    public required double InitModeledSeconds { get; init; }

    /// <summary>Simulated ops per second of wall time on this machine.</summary>
    public required double WallOpsPerSecond { get; init; }

    /// <summary>Wall time of the load (record encoding overlapped on a second core), seconds.</summary>
    public required double InitWallSeconds { get; init; }

    /// <summary>Host-visible bytes per op: pages, command and response records (frames for Bolt).</summary>
    public required double HostBytesPerOp { get; init; }

    /// <summary>Host page bytes per op (reads and writes).</summary>
    public required double PageBytesPerOp { get; init; }

    /// <summary>HBM bytes per op.</summary>
    public required double HbmBytesPerOp { get; init; }

    /// <summary>Host pages touched per op.</summary>
    public required double PagesTouchedPerOp { get; init; }

    /// <summary>Peak resident memory of the process during this configuration, bytes.</summary>
    public required long PeakMemoryBytes { get; init; }

    /// <summary>CPU microseconds per op of the simulator and driver (all threads): unlike wall time, not inflated by other jobs.</summary>
    public double CpuMicrosecondsPerOp { get; init; }

    /// <summary>The CSV header, in the order of <see cref="ToCsv"/>.</summary>
    public const string CsvHeader = "axis,rule,capacity,value_size,hbm_fraction,bin_factor,batch,ops,mismatches,latency_mean_us,latency_p99_us,throughput_ops_per_s,init_modeled_s,wall_ops_per_s,init_wall_s,host_bytes_per_op,page_bytes_per_op,hbm_bytes_per_op,pages_touched_per_op,peak_memory_bytes,cpu_us_per_op";

    /// <summary>One CSV line (invariant culture).</summary>
    public string ToCsv() => string.Join(',', Axis, Rule, I(Capacity), I(ValueSize), D(HbmFraction), I(BinFactor), I(Batch), I(Ops), I(Mismatches),
        D(LatencyMeanUs), D(LatencyP99Us), D(ThroughputOpsPerSecond), D(InitModeledSeconds), D(WallOpsPerSecond), D(InitWallSeconds),
        D(HostBytesPerOp), D(PageBytesPerOp), D(HbmBytesPerOp), D(PagesTouchedPerOp), I(PeakMemoryBytes), D(CpuMicrosecondsPerOp));

    private static string I(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string D(double value) => Math.Round(value, 4).ToString("G", System.Globalization.CultureInfo.InvariantCulture);
}

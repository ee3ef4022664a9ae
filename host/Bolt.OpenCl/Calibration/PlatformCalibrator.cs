using System.Diagnostics;
using Bolt.Core;
using Bolt.Sim.Timing;

namespace Bolt.OpenCl.Calibration;

/// <summary>
/// Runs the calibration kernel (hardware/calibrate/bolt_calibrate.c) and turns its timings into a
/// <see cref="PlatformPreset"/>: the dependent-read latency and the burst bandwidth of the HBM port and of the
/// host-memory port (HOST[0] on a U55C), each as the difference of two run lengths (so the launch overhead
/// cancels), the best of several repetitions. What it does not measure (the AES-GCM pipeline, the modify step,
/// the host's relay) is kept from the base preset and listed as such.
/// </summary>
public sealed unsafe class PlatformCalibrator : IDisposable
{
    private const uint ArgHbm = 0, ArgHost = 1, ArgResult = 2, ArgMode = 3, ArgCount = 4;
    private const uint ChaseHbm = 0, ChaseHost = 1, BurstHbm = 2, BurstHost = 3, WriteHost = 4;
    private const int LineBytes = 64;

    private readonly OpenClRuntime _cl;
    private readonly long _lines;
    private readonly nint _hbm;
    private readonly nint _host;
    private readonly nint _result;
    private byte* _hostMapped;

    /// <summary>Builds (or loads) the calibration kernel and lays out a pointer chase of <paramref name="lines"/> 64-byte lines in both memories.</summary>
    /// <exception cref="OpenClException">No platform, a build failure or an allocation failure.</exception>
    public PlatformCalibrator(string? platformName, string? xclbinPath, long lines, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lines, 16);
        _lines = lines;
        _cl = new OpenClRuntime(KernelProgram.Calibration, platformName, xclbinPath, string.Empty);
        long bytes = lines * LineBytes;
        _hbm = _cl.CreateBuffer(ArgHbm, bytes);
        _host = _cl.CreateBuffer(ArgHost, bytes);
        _result = _cl.CreateBuffer(ArgResult, 16);
        var chase = Chase(lines, seed);
        _cl.Write<ulong>(_hbm, chase);
        _hostMapped = _cl.MapHostPages(_host, bytes);
        chase.AsSpan().CopyTo(new Span<ulong>(_hostMapped, chase.Length));
    }

    /// <summary>The device's name, e.g. opencl:pocl.</summary>
    public string DeviceName => _cl.DeviceName;

    /// <summary>Measures every quantity; <paramref name="repetitions"/> runs of each length, the fastest kept.</summary>
    public CalibrationResult Measure(int repetitions = 5)
    {
        long hops = _lines;
        return new CalibrationResult(
            HbmChaseNs: PerUnitNs(ChaseHbm, hops, repetitions),
            HostChaseNs: PerUnitNs(ChaseHost, hops, repetitions),
            HbmReadBytesPerSecond: LineBytes / (PerUnitNs(BurstHbm, _lines / 2, repetitions) * 1e-9),
            HostReadBytesPerSecond: LineBytes / (PerUnitNs(BurstHost, _lines / 2, repetitions) * 1e-9),
            HostWriteBytesPerSecond: LineBytes / (PerUnitNs(WriteHost, _lines / 2, repetitions) * 1e-9));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_hostMapped != null)
        {
            _cl.UnmapHostPages(_host, _hostMapped);
            _hostMapped = null;
        }

        _cl.Release(_hbm);
        _cl.Release(_host);
        _cl.Release(_result);
        _cl.Dispose();
    }

    /// <summary>A cyclic permutation of the lines (Sattolo), one hop per line: word 8·i holds the word index of the next line.</summary>
    private static ulong[] Chase(long lines, int seed)
    {
        var order = new long[lines];
        for (long i = 0; i < lines; i++)
        {
            order[i] = i;
        }

        var random = new Random(seed);
        for (long i = lines - 1; i > 0; i--)
        {
            long j = random.NextInt64(i);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var words = new ulong[lines * (LineBytes / sizeof(ulong))];
        for (long i = 0; i < lines; i++)
        {
            words[order[i] * 8] = (ulong)order[(i + 1) % lines] * 8;
        }

        return words;
    }

    /// <summary>(t(2n) − t(n)) / n: the cost of one more unit of work, launch and fill excluded.</summary>
    private double PerUnitNs(uint mode, long n, int repetitions)
    {
        double once = Fastest(mode, n, repetitions), twice = Fastest(mode, 2 * n, repetitions);
        return Math.Max(twice - once, 1e-3) / n;
    }

    private double Fastest(uint mode, long count, int repetitions)
    {
        _cl.SetArg(ArgHbm, _hbm);
        _cl.SetArg(ArgHost, _host);
        _cl.SetArg(ArgResult, _result);
        _cl.SetArg(ArgMode, mode);
        _cl.SetArg(ArgCount, (ulong)count);
        double best = double.MaxValue;
        for (int r = 0; r < repetitions; r++)
        {
            long start = Stopwatch.GetTimestamp();
            _cl.Launch(_host, ref _hostMapped, _lines * LineBytes);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalNanoseconds);
        }

        return best;
    }
}

using Bolt.Core.Device;
using Bolt.Sim;
using Bolt.Sim.Timing;
using Bolt.Sim.Timing.Platforms;

namespace Bolt.OpenCl.Cosim;

/// <summary>
/// Co-simulation: one workload and seed on the simulator (the reference), the kernel on an OpenCL device and
/// the kernel in the g++ C-simulation; every output compared with the reference's. Each device serves the
/// workload twice, on fresh instances: on the plaintext record port, and as the sealed frames of a deterministic
/// client (SPEC §10), whose device hello and response frames must equal the simulator's byte for byte.
/// </summary>
public static class CosimRunner
{
    /// <summary>Runs the workload on the simulator and on each of <paramref name="others"/>, then compares.</summary>
    /// <param name="workload">The workload.</param>
    /// <param name="seed">The numeric seed; the device keys are <see cref="CosimKeys.FromSeed"/> of it.</param>
    /// <param name="others">Devices to run besides the simulator, given the keys; each is created, run and disposed in turn.</param>
    /// <param name="csim">The C-simulation, or null to leave it out.</param>
    /// <param name="includeSealed">Also run every device over the sealed channel (the default).</param>
    /// <param name="platform">The timing preset of the simulator and the C-simulation (the U55C's by default); the
    /// devices of <paramref name="others"/> must be created with the same one.</param>
    /// <param name="framesPerCall">Sealed frames per device call: 1 (one call per frame), or more for multi-frame
    /// submission (BOLT_MODE_EXECUTE_FRAMES on the kernel, <see cref="IBoltDevice.ExecuteSealedFrames"/>), whose runs
    /// are then timed against the simulator's own multi-frame run.</param>
    public static CosimReport Run(CosimWorkload workload, long seed, IEnumerable<Func<CosimKeys, IBoltDevice>> others, CsimRunner? csim, bool includeSealed = true, PlatformPreset? platform = null, int framesPerCall = 1) =>
        Run(workload, seed, others, csim is null ? [] : [csim], includeSealed, platform, framesPerCall);

    /// <summary>As above, with any number of C-simulations (bolt_kernel's and the HLS top's), run in order.</summary>
    public static CosimReport Run(CosimWorkload workload, long seed, IEnumerable<Func<CosimKeys, IBoltDevice>> others, IReadOnlyList<CsimRunner> csims, bool includeSealed = true, PlatformPreset? platform = null, int framesPerCall = 1)
    {
        ArgumentNullException.ThrowIfNull(csims);
        platform ??= AlveoU55C.Preset;
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(others);
        var key = CosimKeys.FromSeed(seed);
        var transcript = includeSealed ? SealedTranscript.Create(workload, key, seed) : null;
        DeviceRun reference;
        var sealedRuns = new List<DeviceRun>();
        using (var sim = Simulator(workload, key, platform))
        {
            reference = DeviceRun.Capture(sim, workload);
        }

        if (transcript is not null)
        {
            using var sim = Simulator(workload, key, platform);
            sealedRuns.Add(DeviceRun.CaptureSealed(sim, transcript, workload.Ops, framesPerCall));
        }

        var runs = new List<DeviceRun>();
        foreach (var create in others)
        {
            using (var device = create(key))
            {
                runs.Add(DeviceRun.Capture(device, workload));
            }

            if (transcript is not null)
            {
                using var device = create(key);
                sealedRuns.Add(DeviceRun.CaptureSealed(device, transcript, workload.Ops, framesPerCall));
            }
        }

        foreach (var csim in csims)
        {
            runs.Add(csim.Run(workload, key, platform));
            if (transcript is not null)
            {
                sealedRuns.Add(csim.Run(workload, key, platform, transcript, framesPerCall));
            }
        }

        return Report(workload, reference, runs, sealedRuns, framesPerCall);
    }

    /// <summary>
    /// Compares captured runs with a reference run. <paramref name="sealedRuns"/> (the simulator's first) are
    /// compared with the reference too, and their sealed bytes with the first one's. With several frames per call
    /// the host's turnaround is paid once per call, so the sealed runs' traces and host memory are compared with the
    /// simulator's sealed run instead, and only its opened responses with the reference.
    /// </summary>
    public static CosimReport Report(CosimWorkload workload, DeviceRun reference, IReadOnlyList<DeviceRun> runs, IReadOnlyList<DeviceRun>? sealedRuns = null, int framesPerCall = 1)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(runs);
        sealedRuns ??= [];
        var comparisons = runs.Select(run => CosimComparison.Compare(reference, run, workload.Parameters)).ToList();
        var sealedComparisons = framesPerCall == 1 || sealedRuns.Count == 0
            ? sealedRuns.Select(run => CosimComparison.Compare(reference, run, workload.Parameters)).ToList()
            : [CosimComparison.CompareResponses(reference, sealedRuns[0], workload.Parameters), .. sealedRuns.Skip(1).Select(run => CosimComparison.Compare(sealedRuns[0], run, workload.Parameters))];
        var frameDivergences = sealedRuns.Skip(1).Select(run => CosimComparison.CompareFrames(sealedRuns[0], run)).ToList();
        return new CosimReport
        {
            Devices = [reference.Device, .. runs.Select(r => r.Device)],
            Ops = workload.Ops,
            TraceRows = reference.Trace.Count,
            ResponsesEqual = comparisons.All(c => c.ResponsesEqual),
            TraceEqual = comparisons.All(c => c.TraceEqual),
            CyclesEqual = comparisons.All(c => c.CyclesEqual),
            HostMemoryEqual = comparisons.All(c => c.HostMemoryEqual),
            SealedDevices = [.. sealedRuns.Select(r => r.Device)],
            FramesPerCall = framesPerCall,
            SealedFramesEqual = frameDivergences.All(d => d is null),
            SealedEqual = sealedComparisons.All(c => c.FirstDivergence is null),
            FirstDivergence = comparisons.Select(c => c.FirstDivergence)
                .Concat(frameDivergences)
                .Concat(sealedComparisons.Select(c => c.FirstDivergence))
                .FirstOrDefault(d => d is not null),
            Timings = [reference.Timing, .. runs.Select(r => r.Timing), .. sealedRuns.Select(r => r.Timing)],
        };
    }

    private static SimulatedDevice Simulator(CosimWorkload workload, CosimKeys keys, PlatformPreset platform) =>
        new(new SimulatedDeviceOptions { Parameters = workload.Parameters, Seed = keys.Seed, Lifetime = keys.Lifetime, Platform = platform });
}

using Bolt.Core.Device;
using Bolt.Sim;
using Bolt.Sim.Timing.Platforms;

namespace Bolt.OpenCl.Cosim;

/// <summary>
/// Co-simulation: one workload and seed on the simulator (the reference), the kernel on an OpenCL device and
/// the kernel in the g++ C-simulation; every output compared with the reference's.
/// </summary>
public static class CosimRunner
{
    /// <summary>Runs the workload on the simulator and on each of <paramref name="others"/>, then compares.</summary>
    /// <param name="workload">The workload.</param>
    /// <param name="seed">The numeric seed; the device key is <see cref="SimulatedDeviceOptions.SeedFromNumber"/> of it.</param>
    /// <param name="others">Devices to run besides the simulator; each is created, run and disposed in turn.</param>
    /// <param name="csim">The C-simulation, or null to leave it out.</param>
    public static CosimReport Run(CosimWorkload workload, long seed, IEnumerable<Func<byte[], IBoltDevice>> others, CsimRunner? csim)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(others);
        var key = SimulatedDeviceOptions.SeedFromNumber(seed);
        DeviceRun reference;
        using (var sim = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = workload.Parameters, Seed = key }))
        {
            reference = DeviceRun.Capture(sim, workload);
        }

        var runs = new List<DeviceRun>();
        foreach (var create in others)
        {
            using var device = create(key);
            runs.Add(DeviceRun.Capture(device, workload));
        }

        if (csim is not null)
        {
            runs.Add(csim.Run(workload, key, AlveoU55C.Preset));
        }

        return Report(workload, reference, runs);
    }

    /// <summary>Compares captured runs with a reference run.</summary>
    public static CosimReport Report(CosimWorkload workload, DeviceRun reference, IReadOnlyList<DeviceRun> runs)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(runs);
        var comparisons = runs.Select(run => CosimComparison.Compare(reference, run, workload.Parameters)).ToList();
        return new CosimReport
        {
            Devices = [reference.Device, .. runs.Select(r => r.Device)],
            Ops = workload.Ops,
            TraceRows = reference.Trace.Count,
            ResponsesEqual = comparisons.All(c => c.ResponsesEqual),
            TraceEqual = comparisons.All(c => c.TraceEqual),
            CyclesEqual = comparisons.All(c => c.CyclesEqual),
            HostMemoryEqual = comparisons.All(c => c.HostMemoryEqual),
            FirstDivergence = comparisons.Select(c => c.FirstDivergence).FirstOrDefault(d => d is not null),
            Timings = [reference.Timing, .. runs.Select(r => r.Timing)],
        };
    }
}

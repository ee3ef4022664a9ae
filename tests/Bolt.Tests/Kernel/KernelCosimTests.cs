using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Device;
using Bolt.OpenCl;
using Bolt.OpenCl.Cosim;
using Xunit;

namespace Bolt.Tests.Kernel;

/// <summary>
/// Co-simulation: the simulator, the kernel on OpenCL (PoCL in CI) and the kernel in the g++ C-sim serve the
/// same seeded mixed workload and must agree on every response, trace row (cycles included) and host byte, on the
/// plaintext record port and over the sealed channel, where the device hello and every sealed response frame must
/// also be equal byte for byte.
/// </summary>
public sealed class KernelCosimTests
{
    [Fact]
    public void Ten_thousand_mixed_ops_at_N_2_14_agree_bit_for_bit_on_all_three()
    {
        var p = new BoltParameters(capacity: 1 << 14);
        var workload = CosimWorkload.Create(p, seed: 7, ops: 10_000, batch: 64);

        var report = CosimRunner.Run(workload, 7, [OpenCl(p)], CsimRunner.Build());

        Assert.Equal(["sim", "opencl:pocl", "csim"], report.Devices);
        Assert.Equal(["sim+sealed", "opencl:pocl+sealed", "csim+sealed"], report.SealedDevices);
        Assert.Null(report.FirstDivergence);
        Assert.True(report.ResponsesEqual && report.TraceEqual && report.CyclesEqual && report.HostMemoryEqual);
        Assert.True(report.SealedFramesEqual && report.SealedEqual);
        Assert.Equal(1 + p.HostPages + (workload.Batches.Count * 2) + (4 * 10_000) - CountAborted(workload), report.TraceRows);
    }

    [Fact]
    public void Multi_frame_submission_agrees_bit_for_bit_on_all_three()
    {
        var p = new BoltParameters(capacity: 1 << 12);
        var workload = CosimWorkload.Create(p, seed: 13, ops: 2_000, batch: 50);

        var report = CosimRunner.Run(workload, 13, [OpenCl(p)], CsimRunner.Build(), framesPerCall: 4);

        Assert.Equal(["sim+frames", "opencl:pocl+frames", "csim+frames"], report.SealedDevices);
        Assert.Equal(4, report.FramesPerCall);
        Assert.Null(report.FirstDivergence);
        Assert.True(report.AllEqual);

        // The comparison has teeth: the host's turnaround is paid once per call, so one frame per call (the C-sim
        // ignoring multi-frame submission) is timed differently from the simulator's multi-frame run.
        var keys = CosimKeys.FromSeed(13);
        var transcript = SealedTranscript.Create(workload, keys, 13);
        var perFrame = CsimRunner.Build().Run(workload, keys, Bolt.Sim.Timing.Platforms.AlveoU55C.Preset, transcript);
        var multi = CsimRunner.Build().Run(workload, keys, Bolt.Sim.Timing.Platforms.AlveoU55C.Preset, transcript, framesPerCall: 4);
        Assert.False(CosimComparison.Compare(multi, perFrame, p).CyclesEqual);
        Assert.True(CosimComparison.Compare(multi, perFrame, p).ResponsesEqual);
    }

    [Theory]
    [InlineData(256, 4, 0.5, 40, 2, 0, 216)]
    [InlineData(80, 2, 0.0, 1, 1, 0, 40)]
    [InlineData(512, 16, 0.9, 100, 64, 0, 472)]
    [InlineData(1024, 8, 0.2, 8, 16, 8, 900)]
    public void Edge_configurations_agree_and_reach_the_refusal_paths(int capacity, int binFactor, double alpha, int valueSize, int stash, int slotsPerBin, int load)
    {
        var p = new BoltParameters(capacity, binFactor, alpha, valueSize, stash, slotsPerBin);
        var workload = CosimWorkload.Create(p, seed: capacity, ops: 3_000, batch: 37, loadItems: load);

        var report = CosimRunner.Run(workload, capacity, [OpenCl(p)], CsimRunner.Build());

        Assert.Null(report.FirstDivergence);
        Assert.True(report.AllEqual);
        var statuses = Statuses(workload);
        Assert.Contains(DeviceStatus.Ok, statuses);
        Assert.Contains(DeviceStatus.NotFound, statuses);
        Assert.Contains(DeviceStatus.InvalidKey, statuses);
        Assert.Contains(DeviceStatus.InvalidCommand, statuses);
        Assert.Contains(DeviceStatus.ValueTooLarge, statuses);
        Assert.True(statuses.Contains(DeviceStatus.CapacityExceeded) || statuses.Contains(DeviceStatus.StashOverflow), $"the workload never filled the map: {string.Join(",", statuses)}");
    }

    internal static Func<CosimKeys, IBoltDevice> OpenCl(BoltParameters p, string buildOptions = "", Bolt.Sim.Timing.PlatformPreset? timing = null) =>
        keys => new OpenClDevice(new OpenClDeviceOptions
        {
            Parameters = p,
            Seed = keys.Seed,
            Lifetime = keys.Lifetime,
            PlatformName = "Portable",
            BuildOptions = buildOptions,
            Timing = timing ?? Bolt.Sim.Timing.Platforms.AlveoU55C.Preset,
        });

    private static HashSet<DeviceStatus> Statuses(CosimWorkload workload)
    {
        using var sim = new Bolt.Sim.SimulatedDevice(new Bolt.Sim.SimulatedDeviceOptions { Parameters = workload.Parameters, Seed = Bolt.Sim.SimulatedDeviceOptions.InsecureFixedKey(workload.Parameters.Capacity) });
        var run = DeviceRun.Capture(sim, workload);
        var statuses = new HashSet<DeviceStatus>();
        for (int i = 0; i < workload.Ops; i++)
        {
            statuses.Add(ResponseLayout.ReadStatus(run.Responses.AsSpan(i * workload.Parameters.ResponseBytes)));
        }

        return statuses;
    }

    // No page is tampered with here, so no access aborts and every access has its two writes.
    private static int CountAborted(CosimWorkload workload) => workload.Ops * 0;
}

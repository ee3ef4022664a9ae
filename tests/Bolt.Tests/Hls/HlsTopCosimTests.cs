using Bolt.Core;
using Bolt.Core.Device;
using Bolt.OpenCl.Cosim;
using Bolt.OpenCl.Xrt;
using Bolt.Tests.Xrt;
using Xunit;

namespace Bolt.Tests.Hls;

/// <summary>
/// The Vitis HLS top (hardware/hls/bolt_hls_top.cpp) runs, and does what bolt_kernel() does: compiled as Vitis HLS's C
/// simulation compiles it (g++, the ap_uint / hls::stream stand-ins, no __SYNTHESIS__), in the C-simulation testbench
/// ("hls-csim") and behind XrtDevice through the fake XRT shim, it must agree with the simulator on every response,
/// trace row (cycles included), host-memory byte and sealed frame.
/// </summary>
public sealed class HlsTopCosimTests
{
    [Fact]
    public void The_HLS_top_agrees_bit_for_bit_with_the_simulator_and_bolt_kernel_plaintext_and_sealed()
    {
        var p = new BoltParameters(capacity: 1 << 14);
        var workload = CosimWorkload.Create(p, seed: 9, ops: 3_000, batch: 64);

        var report = CosimRunner.Run(workload, 9, [OnXrt(p)], [CsimRunner.Build(), CsimRunner.BuildHlsTop()]);

        Assert.Equal(["sim", "xrt:0", "csim", "hls-csim"], report.Devices);
        Assert.Equal(["sim+sealed", "xrt:0+sealed", "csim+sealed", "hls-csim+sealed"], report.SealedDevices);
        Assert.Null(report.FirstDivergence);
        Assert.True(report.AllEqual);
    }

    [Theory]
    [InlineData(256, 4, 0.5, 40, 2, 0, 216)]
    [InlineData(80, 2, 0.0, 1, 1, 0, 40)]
    [InlineData(512, 16, 0.9, 100, 64, 0, 472)]
    [InlineData(1024, 8, 0.2, 8, 16, 8, 900)]
    public void Edge_configurations_agree_on_the_HLS_top(int capacity, int binFactor, double alpha, int valueSize, int stash, int slotsPerBin, int load)
    {
        var p = new BoltParameters(capacity, binFactor, alpha, valueSize, stash, slotsPerBin);
        var workload = CosimWorkload.Create(p, seed: capacity, ops: 2_000, batch: 37, loadItems: load);

        var report = CosimRunner.Run(workload, capacity, [], CsimRunner.BuildHlsTop());

        Assert.Null(report.FirstDivergence);
        Assert.True(report.AllEqual);
    }

    [Fact]
    public void A_top_that_writes_a_shared_edge_beat_without_the_first_pages_new_bytes_is_a_divergence()
    {
        // Positive control for the writer's edge-beat merge: two adjacent pages share a 64-byte beat, and the second
        // page's write must carry the first page's freshly sealed bytes. Without the merge the first page's tail
        // reverts, which the host memory comparison (and the next open of that page) shows. V = 28 makes 48-byte slots
        // and 464-byte pages, so page boundaries fall inside beats (at the default V = 8 pages are 320 bytes: aligned).
        var p = new BoltParameters(capacity: 1024, valueSize: 28);
        Assert.NotEqual(0, p.PageBytes % 64);
        var workload = CosimWorkload.Create(p, seed: 6, ops: 1_500, batch: 50);

        var honest = CosimRunner.Run(workload, 6, [], CsimRunner.BuildHlsTop(), includeSealed: false);
        var report = CosimRunner.Run(workload, 6, [], CsimRunner.BuildHlsTop(extraDefines: "-DBOLT_FAULT_HLS_SHARED_BEAT"), includeSealed: false);

        Assert.True(honest.AllEqual);
        Assert.False(report.AllEqual);
        Assert.Equal("hls-csim", report.FirstDivergence!.Device);
    }

    [Fact]
    public void A_one_bit_PRNG_fault_in_the_shared_source_is_a_divergence_on_the_HLS_top_too()
    {
        var p = new BoltParameters(capacity: 1024);
        var workload = CosimWorkload.Create(p, seed: 4, ops: 100, batch: 100);

        var report = CosimRunner.Run(workload, 4, [], CsimRunner.BuildHlsTop(extraDefines: "-DBOLT_FAULT_PRNG"), includeSealed: false);

        Assert.False(report.TraceEqual);
        Assert.Equal("hls-csim", report.FirstDivergence!.Device);
    }

    /// <summary>XrtDevice driving the HLS top through the fake shim (hardware/xrt, libbolt_xrt_fake.so).</summary>
    internal static Func<CosimKeys, IBoltDevice> OnXrt(BoltParameters p) =>
        keys => new XrtDevice(new XrtDeviceOptions { Parameters = p, Seed = keys.Seed, Lifetime = keys.Lifetime, XclbinPath = FakeXrtShim.Connectivity, ShimLibrary = FakeXrtShim.Library });
}

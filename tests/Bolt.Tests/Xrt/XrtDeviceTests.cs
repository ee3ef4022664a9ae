using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.OpenCl;
using Bolt.OpenCl.Cosim;
using Bolt.OpenCl.Xrt;
using Bolt.Sim;
using Bolt.Tests.Kernel;
using Xunit;

namespace Bolt.Tests.Xrt;

/// <summary>
/// XrtDevice's host code against the fake shim (no XRT here), launching what a board launches: the Vitis HLS top with
/// its second ports bound to the buffers of their first ports. The same co-simulation as PoCL, banks taken from the
/// "xclbin" rather than hard-coded, host-page edits reaching the kernel through the sync, and typed failures.
/// What this cannot show, and a board must: the real shim against XRT, HOST[0] enabled, timing on silicon.
/// </summary>
public sealed class XrtDeviceTests
{
    private static readonly BoltParameters Small = new(capacity: 1024);

    [Fact]
    public void The_fake_xrt_device_agrees_with_the_simulator_bit_for_bit_plaintext_and_sealed()
    {
        var workload = CosimWorkload.Create(Small, seed: 5, ops: 2_000, batch: 50);

        var report = CosimRunner.Run(workload, 5, [Fake(Small)], csim: null);

        Assert.Equal(["sim", "xrt:0"], report.Devices);
        Assert.Equal(["sim+sealed", "xrt:0+sealed"], report.SealedDevices);
        Assert.Null(report.FirstDivergence);
        Assert.True(report.AllEqual);
    }

    [Fact]
    public void The_bolt_kernel_build_launched_through_xrt_agrees_with_the_simulator_too()
    {
        var workload = CosimWorkload.Create(Small, seed: 7, ops: 1_000, batch: 50);

        var report = CosimRunner.Run(workload, 7, [keys => new XrtDevice(new XrtDeviceOptions
        {
            Parameters = Small,
            Seed = keys.Seed,
            Lifetime = keys.Lifetime,
            XclbinPath = FakeXrtShim.KernelConnectivity,
            ShimLibrary = FakeXrtShim.KernelLibrary,
            KernelName = KernelSource.EntryPoint,
        })], csim: null);

        Assert.Null(report.FirstDivergence);
        Assert.True(report.AllEqual);
    }

    [Fact]
    public void The_fake_xrt_device_co_simulates_multi_frame_submission()
    {
        var workload = CosimWorkload.Create(Small, seed: 6, ops: 1_000, batch: 40);

        var report = CosimRunner.Run(workload, 6, [Fake(Small)], csim: null, framesPerCall: 4);

        Assert.Equal(["sim+frames", "xrt:0+frames"], report.SealedDevices);
        Assert.Null(report.FirstDivergence);
        Assert.True(report.AllEqual);
    }

    [Fact]
    public void A_second_port_connected_to_another_memory_than_its_first_is_refused_when_bound()
    {
        // XRT refuses a buffer on a port that cannot reach its bank; the top's second ports share their first ports'
        // buffers, so connectivity.cfg must put each pair on one memory. Each line moved alone is caught, naming the port.
        foreach (var (line, moved) in new[]
        {
            ("posmap_rd:HBM[1]", "posmap_rd:HBM[17]"),
            ("versions_rd:HBM[5]", "versions_rd:HBM[18]"),
            ("host_rd:HOST[0]", "host_rd:HBM[19]"),
        })
        {
            string port = line[..line.IndexOf(':', StringComparison.Ordinal)];
            var e = Assert.Throws<XrtException>(() => WithConnectivity(File.ReadAllText(FakeXrtShim.Connectivity).Replace(line, moved, StringComparison.Ordinal)));
            Assert.Equal("bolt_xrt_set_buffer", e.Call);
            Assert.Contains($"port {port} is connected to memory group", e.Message, StringComparison.Ordinal);
        }

        // Positive control: the file as shipped binds all three.
        using var device = WithConnectivity(File.ReadAllText(FakeXrtShim.Connectivity));
    }

    [Fact]
    public void An_xclbin_without_the_top_or_one_of_its_second_ports_is_refused_at_open()
    {
        var noPort = Assert.Throws<XrtException>(() => WithConnectivity(File.ReadAllText(FakeXrtShim.Connectivity).Replace("sp=bolt_hls_top_1.versions_rd:HBM[5]", string.Empty, StringComparison.Ordinal)));
        Assert.Equal("bolt_xrt_open", noPort.Call);
        Assert.Contains("no sp= line for port versions_rd", noPort.Message, StringComparison.Ordinal);

        var otherKernel = Assert.Throws<XrtException>(() => new XrtDevice(new XrtDeviceOptions { Parameters = Small, XclbinPath = FakeXrtShim.KernelConnectivity, ShimLibrary = FakeXrtShim.Library }));
        Assert.Contains("has no kernel bolt_hls_top (it has bolt_kernel)", otherKernel.Message, StringComparison.Ordinal);

        var unknown = Assert.Throws<XrtException>(() => new XrtDevice(new XrtDeviceOptions { Parameters = Small, XclbinPath = FakeXrtShim.Connectivity, ShimLibrary = FakeXrtShim.Library, KernelName = "vadd" }));
        Assert.Contains("neither bolt_hls_top", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_launch_on_the_fake_xrt_device_serves_a_batch_of_frames_as_the_simulator_serves_them()
    {
        var keys = CosimKeys.FromSeed(23);
        var p = KernelMultiFrameTests.P;
        using var sim = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = p, Seed = keys.Seed, Lifetime = keys.Lifetime });
        using var xrt = (XrtDevice)Fake(p)(keys);
        var simSide = new KernelMultiFrameTests.Side(sim, keys.Seed);
        var xrtSide = new KernelMultiFrameTests.Side(xrt, keys.Seed);

        long launchesBefore = xrt.Profile.Launches;
        sim.ExecuteSealedFrames(simSide.Batch);
        xrt.ExecuteSealedFrames(xrtSide.Batch);

        Assert.Equal(1, xrt.Profile.Launches - launchesBefore);
        xrtSide.AssertServedAs(simSide);
    }

    [Fact]
    public void Memory_groups_come_from_the_xclbin_not_from_the_host()
    {
        using (var device = (XrtDevice)Fake(Small)(CosimKeys.FromSeed(1)))
        {
            Assert.Equal(0, device.MemoryGroups[KernelArguments.State]);
            Assert.Equal(11, device.MemoryGroups[KernelArguments.Frame]);
            Assert.Equal(32, device.MemoryGroups[KernelArguments.Host]);
        }

        using var moved = WithConnectivity(File.ReadAllText(FakeXrtShim.Connectivity).Replace("state:HBM[0]", "state:HBM[17]", StringComparison.Ordinal));
        Assert.Equal(17, moved.MemoryGroups[KernelArguments.State]);
    }

    [Fact]
    public void A_tampered_host_page_reaches_the_kernel_through_the_sync_and_aborts_the_access()
    {
        var workload = CosimWorkload.Create(Small, seed: 9, ops: 1, batch: 1);
        using var device = Fake(Small)(CosimKeys.FromSeed(9));
        device.Initialise(workload.Load);
        var memory = device.HostMemory;
        for (int page = 0; page < Small.HostPages; page++)
        {
            memory[((page + 1) * Small.PageBytes) - 1] ^= 1;
        }

        var response = new byte[Small.ResponseBytes];
        device.Execute(workload.Batches[0], response);

        Assert.Equal(DeviceStatus.IntegrityViolation, ResponseLayout.ReadStatus(response));
    }

    [Fact]
    public void A_missing_shim_or_xclbin_is_a_typed_error_that_says_what_to_do()
    {
        var noShim = Assert.Throws<XrtException>(() => new XrtDevice(new XrtDeviceOptions { Parameters = Small, XclbinPath = "x.xclbin", ShimLibrary = "/nonexistent/libbolt_xrt.so" }));
        Assert.Contains("make -C hardware/xrt real", noShim.Message, StringComparison.Ordinal);

        var noXclbin = Assert.Throws<XrtException>(() => new XrtDevice(new XrtDeviceOptions { Parameters = Small, XclbinPath = "/nonexistent.xclbin", ShimLibrary = FakeXrtShim.Library }));
        Assert.Equal("bolt_xrt_open", noXclbin.Call);
        Assert.Contains("BOLT_XRT_E_OPEN", noXclbin.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_call_the_kernel_refuses_is_the_same_typed_error_as_on_OpenCl()
    {
        var otherDevice = new byte[16];
        otherDevice[0] = 1;
        var blob = Bolt.Core.Device.DeviceProvisioning.Seal(otherDevice, new byte[16]);

        var refused = Assert.Throws<KernelCallRefusedException>(() => new XrtDevice(new XrtDeviceOptions { Parameters = Small, XclbinPath = FakeXrtShim.Connectivity, ShimLibrary = FakeXrtShim.Library, ProvisioningBlob = blob }));

        Assert.Equal(KernelAbi.ModeProvision, refused.Mode);
        Assert.Equal(KernelAbi.CallBadProvision, refused.Status);
    }

    [Fact]
    public void A_connectivity_that_puts_the_host_pages_in_HBM_is_refused_at_allocation()
    {
        var e = Assert.Throws<XrtException>(() => WithConnectivity(File.ReadAllText(FakeXrtShim.Connectivity).Replace("host:HOST[0]", "host:HBM[12]", StringComparison.Ordinal)));
        Assert.Equal("bolt_xrt_alloc", e.Call);
        Assert.Contains("HBM, not HOST[0]", e.Message, StringComparison.Ordinal);
    }

    private static XrtDevice WithConnectivity(string text)
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, text);
            return new XrtDevice(new XrtDeviceOptions { Parameters = Small, XclbinPath = file, ShimLibrary = FakeXrtShim.Library });
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static Func<CosimKeys, Bolt.Core.Device.IBoltDevice> Fake(BoltParameters p) =>
        keys => new XrtDevice(new XrtDeviceOptions { Parameters = p, Seed = keys.Seed, Lifetime = keys.Lifetime, XclbinPath = FakeXrtShim.Connectivity, ShimLibrary = FakeXrtShim.Library });
}

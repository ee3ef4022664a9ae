using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.OpenCl;
using Bolt.OpenCl.Cosim;
using Bolt.OpenCl.Xrt;
using Bolt.Sim;
using Xunit;

namespace Bolt.Tests.Xrt;

/// <summary>
/// XrtDevice's host code against the fake shim (no XRT here): the same co-simulation as PoCL, banks taken from the
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
    public void Memory_groups_come_from_the_xclbin_not_from_the_host()
    {
        using (var device = (XrtDevice)Fake(Small)(SimulatedDeviceOptions.InsecureFixedKey(1)))
        {
            Assert.Equal(0, device.MemoryGroups[KernelArguments.State]);
            Assert.Equal(11, device.MemoryGroups[KernelArguments.Frame]);
            Assert.Equal(32, device.MemoryGroups[KernelArguments.Host]);
        }

        string moved = Path.GetTempFileName();
        try
        {
            File.WriteAllText(moved, File.ReadAllText(FakeXrtShim.Connectivity).Replace("state:HBM[0]", "state:HBM[17]", StringComparison.Ordinal));
            using var device = new XrtDevice(new XrtDeviceOptions { Parameters = Small, XclbinPath = moved, ShimLibrary = FakeXrtShim.Library });
            Assert.Equal(17, device.MemoryGroups[KernelArguments.State]);
        }
        finally
        {
            File.Delete(moved);
        }
    }

    [Fact]
    public void A_tampered_host_page_reaches_the_kernel_through_the_sync_and_aborts_the_access()
    {
        var workload = CosimWorkload.Create(Small, seed: 9, ops: 1, batch: 1);
        using var device = Fake(Small)(SimulatedDeviceOptions.InsecureFixedKey(9));
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
    public void A_connectivity_that_puts_the_host_pages_in_HBM_is_refused_at_allocation()
    {
        string wrong = Path.GetTempFileName();
        try
        {
            File.WriteAllText(wrong, File.ReadAllText(FakeXrtShim.Connectivity).Replace("host:HOST[0]", "host:HBM[12]", StringComparison.Ordinal));
            var e = Assert.Throws<XrtException>(() => new XrtDevice(new XrtDeviceOptions { Parameters = Small, XclbinPath = wrong, ShimLibrary = FakeXrtShim.Library }));
            Assert.Equal("bolt_xrt_alloc", e.Call);
            Assert.Contains("HBM, not HOST[0]", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(wrong);
        }
    }

    private static Func<byte[], Bolt.Core.Device.IBoltDevice> Fake(BoltParameters p) =>
        key => new XrtDevice(new XrtDeviceOptions { Parameters = p, Seed = key, XclbinPath = FakeXrtShim.Connectivity, ShimLibrary = FakeXrtShim.Library });
}

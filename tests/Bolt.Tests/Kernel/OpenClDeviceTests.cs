using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Trace;
using Bolt.OpenCl;
using Bolt.OpenCl.Cosim;
using Bolt.Sim;
using Xunit;

namespace Bolt.Tests.Kernel;

/// <summary>The OpenCL device's contract: tamper detection through HostMemory, typed load and CL errors.</summary>
public sealed class OpenClDeviceTests
{
    private static readonly BoltParameters P = new(capacity: 512);

    [Fact]
    public void Tampered_host_pages_abort_and_halt_like_the_simulator_and_restoring_them_changes_nothing()
    {
        var workload = CosimWorkload.Create(P, seed: 11, ops: 64, batch: 64);
        var keys = CosimKeys.FromSeed(11);
        using var sim = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = P, Seed = keys.Seed, Lifetime = keys.Lifetime });
        using var cl = new OpenClDevice(new OpenClDeviceOptions { Parameters = P, Seed = keys.Seed, Lifetime = keys.Lifetime, PlatformName = "Portable" });
        var simTrace = new TraceBuffer();
        var clTrace = new TraceBuffer();
        sim.Trace = simTrace;
        cl.Trace = clTrace;
        sim.Initialise(workload.Load);
        cl.Initialise(workload.Load);
        var batch = workload.Batches[0];
        var one = batch.AsSpan(0, P.CommandBytes);

        // Flip the last tag byte of every page: whichever pages the access draws fail authentication.
        FlipTags(sim.HostMemory);
        FlipTags(cl.HostMemory);
        var simResponse = new byte[P.ResponseBytes];
        var clResponse = new byte[P.ResponseBytes];
        sim.Execute(one, simResponse);
        cl.Execute(one, clResponse);
        Assert.Equal(DeviceStatus.IntegrityViolation, ResponseLayout.ReadStatus(clResponse));
        Assert.Equal(simResponse, clResponse);
        Assert.True(cl.PublicStatus.Halted);
        Assert.Equal(1, cl.PublicStatus.IntegrityFailures);

        // Fail-stop: restoring the pages does not bring the device back; every record is refused, nothing is touched.
        FlipTags(sim.HostMemory);
        FlipTags(cl.HostMemory);
        int rowsBefore = clTrace.Rows.Count;
        var simResponses = new byte[64 * P.ResponseBytes];
        var clResponses = new byte[64 * P.ResponseBytes];
        sim.Execute(batch, simResponses);
        cl.Execute(batch, clResponses);
        Assert.Equal(simResponses, clResponses);
        for (int i = 0; i < 64; i++)
        {
            Assert.Equal(DeviceStatus.Halted, ResponseLayout.ReadStatus(clResponses.AsSpan(i * P.ResponseBytes)));
        }

        Assert.Equal([TraceKind.CMD, TraceKind.RSP], clTrace.Rows.Skip(rowsBefore).Select(r => r.Kind));
        Assert.Equal(simTrace.Rows, clTrace.Rows);
        Assert.True(sim.HostMemory.SequenceEqual(cl.HostMemory));
        Assert.Equal(sim.PublicStatus, cl.PublicStatus);
    }

    [Fact]
    public void A_duplicate_key_in_the_load_is_a_typed_refusal_and_the_device_stays_usable()
    {
        using var cl = new OpenClDevice(new OpenClDeviceOptions { Parameters = P, PlatformName = "Portable" });
        var load = new byte[2 * P.CommandBytes];
        CommandLayout.Write(load.AsSpan(0, P.CommandBytes), OpCode.Put, new Digest128(5, 6), [1]);
        CommandLayout.Write(load.AsSpan(P.CommandBytes), OpCode.Put, new Digest128(5, 6), [2]);

        var e = Assert.Throws<BulkLoadException>(() => cl.Initialise(load));
        Assert.Equal(DeviceStatus.InvalidKey, e.Status);
        Assert.True(cl.HostMemory.IsAllZero(), "a refused load leaves host memory empty");

        cl.Initialise(load.AsSpan(0, P.CommandBytes));
        var command = new byte[P.CommandBytes];
        var response = new byte[P.ResponseBytes];
        CommandLayout.Write(command, OpCode.Get, new Digest128(5, 6), default);
        cl.Execute(command, response);
        Assert.Equal(DeviceStatus.Ok, ResponseLayout.ReadStatus(response));
        Assert.Equal([1], ResponseLayout.ReadValue(response).ToArray());
    }

    [Fact]
    public void OpenCl_failures_are_typed_exceptions_naming_the_CL_status()
    {
        var build = Assert.Throws<OpenClException>(() => new OpenClDevice(new OpenClDeviceOptions { Parameters = P, PlatformName = "Portable", BuildOptions = "-Dbolt_kernel=1" }));
        Assert.Equal("clBuildProgram", build.Call);
        Assert.StartsWith("CL_", build.StatusName, StringComparison.Ordinal);
        Assert.Contains(build.StatusName, build.Message, StringComparison.Ordinal);

        var none = Assert.Throws<OpenClException>(() => new OpenClDevice(new OpenClDeviceOptions { Parameters = P, PlatformName = "NoSuchPlatform" }));
        Assert.Contains("NoSuchPlatform", none.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<BoltException>(none);
    }

    [Fact]
    public void A_call_the_kernel_refuses_is_a_typed_error_naming_the_mode_and_the_reason()
    {
        var otherDevice = new byte[16];
        otherDevice[0] = 1;
        var blob = Bolt.Core.Device.DeviceProvisioning.Seal(otherDevice, new byte[16]);

        var refused = Assert.Throws<KernelCallRefusedException>(() => new OpenClDevice(new OpenClDeviceOptions { Parameters = P, PlatformName = "Portable", ProvisioningBlob = blob }));

        Assert.Equal(KernelAbi.ModeProvision, refused.Mode);
        Assert.Equal(KernelAbi.CallBadProvision, refused.Status);
        Assert.Contains("did not open under this device's key", refused.Message, StringComparison.Ordinal);
    }

    private static void FlipTags(Span<byte> host)
    {
        for (int page = 0; page < P.HostPages; page++)
        {
            host[((page + 1) * P.PageBytes) - 1] ^= 0x01;
        }
    }
}

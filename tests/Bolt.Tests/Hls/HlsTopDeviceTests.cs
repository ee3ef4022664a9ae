using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Core.Device;
using Bolt.Core.Trace;
using Bolt.OpenCl.Cosim;
using Bolt.OpenCl.Xrt;
using Bolt.Sim;
using Bolt.Tests.Channel;
using Bolt.Tests.Kernel;
using Bolt.Tests.Xrt;
using Xunit;

namespace Bolt.Tests.Hls;

/// <summary>
/// The HLS top behind a device (XrtDevice over the fake XRT shim built around it): fail-stop inside a batch, multi-frame
/// submission in one launch, exactly as the simulator does them.
/// </summary>
public sealed class HlsTopDeviceTests
{
    [Fact]
    public void A_tampered_page_aborts_the_first_access_and_the_rest_of_the_batch_is_refused_without_touching_a_page()
    {
        var p = new BoltParameters(capacity: 512);
        var workload = CosimWorkload.Create(p, seed: 11, ops: 128, batch: 64);
        var keys = CosimKeys.FromSeed(11);
        using var sim = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = p, Seed = keys.Seed, Lifetime = keys.Lifetime });
        using var hls = (XrtDevice)HlsTopCosimTests.OnXrt(p)(keys);
        var simTrace = new TraceBuffer();
        var hlsTrace = new TraceBuffer();
        sim.Trace = simTrace;
        hls.Trace = hlsTrace;
        sim.Initialise(workload.Load);
        hls.Initialise(workload.Load);

        // The last tag byte of every page flipped: the batch's first access fails authentication, halts the device, and
        // every later record of the same batch is answered Halted before its lookup.
        FlipTags(sim.HostMemory, p);
        FlipTags(hls.HostMemory, p);
        int rowsBefore = hlsTrace.Rows.Count;
        var simResponses = new byte[64 * p.ResponseBytes];
        var hlsResponses = new byte[64 * p.ResponseBytes];
        sim.Execute(workload.Batches[0], simResponses);
        hls.Execute(workload.Batches[0], hlsResponses);

        Assert.Equal(simResponses, hlsResponses);
        Assert.Equal(DeviceStatus.IntegrityViolation, ResponseLayout.ReadStatus(hlsResponses));
        for (int i = 1; i < 64; i++)
        {
            Assert.Equal(DeviceStatus.Halted, ResponseLayout.ReadStatus(hlsResponses.AsSpan(i * p.ResponseBytes)));
        }

        Assert.Equal([TraceKind.CMD, TraceKind.R, TraceKind.R, TraceKind.RSP], hlsTrace.Rows.Skip(rowsBefore).Select(r => r.Kind));
        Assert.Equal(simTrace.Rows, hlsTrace.Rows);
        Assert.True(sim.HostMemory.SequenceEqual(hls.HostMemory), "an aborted access writes no page");
        Assert.True(hls.PublicStatus.Halted);
        Assert.Equal(sim.PublicStatus, hls.PublicStatus);
    }

    [Fact]
    public void One_launch_serves_a_batch_of_frames_exactly_as_the_simulator_serves_them_one_by_one()
    {
        var keys = CosimKeys.FromSeed(21);
        var p = KernelMultiFrameTests.P;
        using var sim = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = p, Seed = keys.Seed, Lifetime = keys.Lifetime });
        using var hls = (XrtDevice)HlsTopCosimTests.OnXrt(p)(keys);
        var simSide = new KernelMultiFrameTests.Side(sim, keys.Seed);
        var hlsSide = new KernelMultiFrameTests.Side(hls, keys.Seed);

        long launchesBefore = hls.Profile.Launches;
        simSide.Device.ExecuteSealedFrames(simSide.Batch);
        hlsSide.Device.ExecuteSealedFrames(hlsSide.Batch);

        Assert.Equal(1, hls.Profile.Launches - launchesBefore);
        for (int i = 0; i < simSide.Batch.Count; i++)
        {
            Assert.Equal((simSide.Batch.Error(i) as ChannelViolationException)?.Fault, (hlsSide.Batch.Error(i) as ChannelViolationException)?.Fault);
            Assert.Equal(simSide.Batch.ResponseBytes(i), hlsSide.Batch.ResponseBytes(i));
        }

        Assert.Equal(simSide.OpenAll(), hlsSide.OpenAll());
        Assert.Equal(simSide.Trace.Rows, hlsSide.Trace.Rows);
        Assert.True(sim.HostMemory.SequenceEqual(hls.HostMemory));
        Assert.Equal(2, hls.PublicStatus.FramesRejected);
        Assert.Equal(1, hls.PublicStatus.FramesRetransmitted);
    }

    private static void FlipTags(Span<byte> memory, BoltParameters p)
    {
        for (int page = 0; page < p.HostPages; page++)
        {
            memory[((page + 1) * p.PageBytes) - 1] ^= 1;
        }
    }
}

using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Client;
using Bolt.Core.Device;
using Bolt.Core.Trace;
using Bolt.OpenCl;
using Bolt.OpenCl.Cosim;
using Bolt.Sim;
using Xunit;

namespace Bolt.Tests.Kernel;

/// <summary>
/// Multi-frame submission on the kernel (BOLT_MODE_EXECUTE_FRAMES): one launch serves every frame of a
/// <see cref="SealedFrameBatch"/>, with the answers, refusals, retransmissions, trace and host memory the simulator
/// produces serving the same frames one by one.
/// </summary>
public sealed class KernelMultiFrameTests
{
    internal static readonly BoltParameters P = new(capacity: 1024, valueSize: 16);

    [Fact]
    public void One_launch_serves_a_batch_of_frames_exactly_as_the_simulator_serves_them_one_by_one()
    {
        var keys = CosimKeys.FromSeed(21);
        using var sim = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = P, Seed = keys.Seed, Lifetime = keys.Lifetime });
        using var cl = new OpenClDevice(new OpenClDeviceOptions { Parameters = P, Seed = keys.Seed, Lifetime = keys.Lifetime, PlatformName = "Portable" });
        var simSide = new Side(sim, keys.Seed);
        var clSide = new Side(cl, keys.Seed);

        long launchesBefore = cl.Profile.Launches;
        simSide.Device.ExecuteSealedFrames(simSide.Batch);
        clSide.Device.ExecuteSealedFrames(clSide.Batch);

        Assert.Equal(1, cl.Profile.Launches - launchesBefore);
        clSide.AssertServedAs(simSide);
    }

    [Fact]
    public void A_response_buffer_too_small_is_refused_before_anything_runs()
    {
        var keys = CosimKeys.FromSeed(22);
        using var cl = new OpenClDevice(new OpenClDeviceOptions { Parameters = P, Seed = keys.Seed, Lifetime = keys.Lifetime, PlatformName = "Portable" });
        var side = new Side(cl, keys.Seed);
        var batch = new SealedFrameBatch(2);
        batch.Add(side.Batch.CommandFrame(0), new byte[8]);
        long ops = cl.PublicStatus.Ops;

        Assert.Throws<ArgumentException>(() => cl.ExecuteSealedFrames(batch));
        Assert.Equal(ops, cl.PublicStatus.Ops);
    }

    /// <summary>
    /// One device with three sessions and a batch of six frames: a put, a forged frame, a second session's put, a third
    /// session's two-record frame, a retransmission of the second frame, and a frame too short to hold a header.
    /// </summary>
    internal sealed class Side
    {
        private readonly ChannelSession[] _sessions;

        public Side(IBoltDevice device, byte[] deviceKey)
        {
            Device = device;
            Trace = new TraceBuffer();
            var provisioning = ChannelKdf.ProvisioningKey(deviceKey);
            _sessions = [.. Enumerable.Range(0, 3).Select(_ => ChannelSession.Open(device, provisioning))];
            device.Trace = Trace;
            _sessions[0].Load(Load());
            var prf = new KeyPrf(new byte[16]);
            var frames = new byte[3][];
            for (int s = 0; s < 3; s++)
            {
                int records = s == 2 ? 2 : 1;
                var commands = new byte[records * P.CommandBytes];
                for (int r = 0; r < records; r++)
                {
                    CommandLayout.Write(commands.AsSpan(r * P.CommandBytes, P.CommandBytes), r == 0 ? OpCode.Put : OpCode.Get, prf.Digest(s), [(byte)(s + 1)]);
                }

                frames[s] = new byte[FrameLayout.Bytes(records, P.CommandBytes)];
                _sessions[s].SealCommands(commands, frames[s]);
            }

            var forged = (byte[])frames[1].Clone();
            forged[^1] ^= 1;
            Frames = [frames[0], forged, frames[1], frames[2], (byte[])frames[1].Clone(), new byte[10]];
            Responses = [.. Frames.Select(f => new byte[FrameLayout.Bytes(Math.Max(1, (f.Length - FrameLayout.OverheadBytes) / P.CommandBytes), P.ResponseBytes)])];
            Batch = new SealedFrameBatch(Frames.Length);
            for (int i = 0; i < Frames.Length; i++)
            {
                Batch.Add(Frames[i], Responses[i]);
            }
        }

        public IBoltDevice Device { get; }

        public TraceBuffer Trace { get; }

        public byte[][] Frames { get; }

        public byte[][] Responses { get; }

        public SealedFrameBatch Batch { get; }

        /// <summary>
        /// Asserts that this side's batch was served exactly as <paramref name="simulator"/>'s: the same verdicts (a
        /// forged frame and a malformed one refused), response frames that open to the same records, the retransmission
        /// answered from the cache byte for byte, the same trace rows with cycles, host memory and counters.
        /// </summary>
        public void AssertServedAs(Side simulator)
        {
            for (int i = 0; i < simulator.Batch.Count; i++)
            {
                Assert.Equal(simulator.Batch.Error(i)?.GetType(), Batch.Error(i)?.GetType());
                Assert.Equal((simulator.Batch.Error(i) as ChannelViolationException)?.Fault, (Batch.Error(i) as ChannelViolationException)?.Fault);
                Assert.Equal(simulator.Batch.ResponseBytes(i), Batch.ResponseBytes(i));
            }

            Assert.Equal(ChannelFault.BadTag, Assert.IsType<ChannelViolationException>(Batch.Error(1)).Fault);
            Assert.Equal(ChannelFault.Malformed, Assert.IsType<ChannelViolationException>(Batch.Error(5)).Fault);
            Assert.Equal(simulator.OpenAll(), OpenAll());
            Assert.Equal(Responses[2], Responses[4]); // the retransmission gets the cached frame, byte for byte
            Assert.Equal(simulator.Trace.Rows, Trace.Rows);
            Assert.True(simulator.Device.HostMemory.SequenceEqual(Device.HostMemory));
            Assert.Equal(simulator.Device.PublicStatus.Ops, Device.PublicStatus.Ops);
            Assert.Equal(2, Device.PublicStatus.FramesRejected);
            Assert.Equal(1, Device.PublicStatus.FramesRetransmitted);
        }

        /// <summary>The plaintext responses of the answered frames, each opened by its own session.</summary>
        public byte[] OpenAll()
        {
            var plain = new List<byte>();
            int[] sessionOf = [0, -1, 1, 2, -1, -1];
            for (int i = 0; i < Frames.Length; i++)
            {
                if (sessionOf[i] < 0)
                {
                    continue;
                }

                int bytes = Batch.ResponseBytes(i);
                var records = new byte[(bytes - FrameLayout.OverheadBytes) / P.ResponseBytes * P.ResponseBytes];
                _sessions[sessionOf[i]].OpenResponses(Responses[i].AsSpan(0, bytes), records);
                plain.AddRange(records);
            }

            return [.. plain];
        }

        private static byte[] Load()
        {
            var prf = new KeyPrf(new byte[16]);
            var load = new byte[20 * P.CommandBytes];
            for (int k = 0; k < 20; k++)
            {
                CommandLayout.Write(load.AsSpan(k * P.CommandBytes, P.CommandBytes), OpCode.Put, prf.Digest(100 + k), [(byte)k]);
            }

            return load;
        }
    }
}

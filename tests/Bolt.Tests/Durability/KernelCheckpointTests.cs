using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Core.Crypto;
using Bolt.Core.Device;
using Bolt.Core.Durability;
using Bolt.Core.Trace;
using Bolt.OpenCl;
using Bolt.OpenCl.Cosim;
using Bolt.OpenCl.Xrt;
using Bolt.Sim;
using Bolt.Tests.Xrt;
using Xunit;

namespace Bolt.Tests.Durability;

/// <summary>
/// Co-simulation of sealed checkpoints (hardware/SPEC.md §12): the kernel (on PoCL, and the Vitis HLS top a U55C runs,
/// behind XrtDevice and the fake XRT shim) and the simulator, given the same calls, write the same checkpoint file byte for byte; each continues exactly
/// from the other's checkpoint; and the kernel refuses a damaged, cut, foreign or rolled-back image with its state
/// unchanged (shown by continuing and comparing with a simulator that never saw the bad image).
/// </summary>
public sealed class KernelCheckpointTests
{
    private static readonly BoltParameters P = new(capacity: 1024, valueSize: 16, sessionSlots: 4);
    private static readonly byte[] Salt = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];

    private static OpenClDevice Kernel(CosimKeys keys) =>
        new(new OpenClDeviceOptions { Parameters = P, Seed = keys.Seed, Lifetime = keys.Lifetime, PlatformName = "Portable" });

    /// <summary>The HLS top (the kernel a U55C runs) behind XrtDevice and the fake XRT shim.</summary>
    private static XrtDevice OnXrt(CosimKeys keys) =>
        new(new XrtDeviceOptions { Parameters = P, Seed = keys.Seed, Lifetime = keys.Lifetime, XclbinPath = FakeXrtShim.Connectivity, ShimLibrary = FakeXrtShim.Library });

    private static SimulatedDevice Simulator(CosimKeys keys) => new(new SimulatedDeviceOptions { Parameters = P, Seed = keys.Seed, Lifetime = keys.Lifetime });

    private static SimulatedDeviceOptions SimulatorOptions(CosimKeys keys) => new() { Parameters = P, Seed = keys.Seed };

    [Fact]
    public void The_kernel_writes_the_simulators_checkpoint_byte_for_byte_and_each_continues_from_the_others()
    {
        var keys = CosimKeys.FromSeed(41);
        using var sim = Simulator(keys);
        using var kernel = Kernel(keys);
        var script = new Script(keys, sim, kernel);
        script.Run(frames: 24, seed: 1);

        var simFile = Checkpoint(sim);
        var kernelFile = Checkpoint(kernel);
        AssertSameFile(simFile, kernelFile, keys.Seed);

        // The simulator's image into a fresh kernel device, the kernel's into a fresh simulator: both go on like the original.
        using var kernelFromSim = OpenClDevice.Restore(new OpenClDeviceOptions { Parameters = P, Seed = keys.Seed, PlatformName = "Portable" }, new MemoryStream(simFile), "sim.ckpt").Device;
        using var simFromKernel = SimulatedDevice.Restore(SimulatorOptions(keys), new MemoryStream(kernelFile), "kernel.ckpt").Device;
        Assert.Equal(sim.CommitNumber, kernelFromSim.CommitNumber);
        Assert.Equal(kernel.CommitNumber, simFromKernel.CommitNumber);
        script.Continue([sim, kernelFromSim, simFromKernel], frames: 24, seed: 2);
        AssertSameFile(Checkpoint(sim), Checkpoint(kernelFromSim), keys.Seed);
        AssertSameFile(Checkpoint(sim), Checkpoint(simFromKernel), keys.Seed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_new_lifetime_reseals_the_pages_alike_on_both(bool hlsTopOnXrt)
    {
        // hlsTopOnXrt: the HLS top behind the fake XRT shim, which re-seals through 512-bit beats (pages of this map do
        // not start on beat boundaries, so neighbouring pages share beats).
        Assert.NotEqual(0, P.PageBytes % 64);
        var keys = CosimKeys.FromSeed(42);
        using var sim = Simulator(keys);
        using ICheckpointDevice kernel = hlsTopOnXrt ? OnXrt(keys) : Kernel(keys);
        var script = new Script(keys, sim, kernel);
        script.Run(frames: 8, seed: 3);
        var lifetime = CosimKeys.FromSeed(43).Lifetime;
        sim.BeginNewLifetime(lifetime);
        kernel.BeginNewLifetime(lifetime);
        Assert.True(sim.HostMemory.SequenceEqual(kernel.HostMemory));
        Assert.False(kernel.PublicStatus.Halted);
        script.Continue([sim, kernel], frames: 8, seed: 4);
        AssertSameFile(Checkpoint(sim), Checkpoint(kernel), keys.Seed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_kernel_refuses_a_damaged_cut_foreign_or_rolled_back_image_and_changes_nothing(bool hlsTopOnXrt)
    {
        var keys = CosimKeys.FromSeed(44);
        using var sim = Simulator(keys);
        using ICheckpointDevice kernel = hlsTopOnXrt ? OnXrt(keys) : Kernel(keys);
        var script = new Script(keys, sim, kernel);
        script.Run(frames: 6, seed: 5);
        var good = Checkpoint(kernel, counter: 5);
        script.Continue([sim, kernel], frames: 6, seed: 6); // the device has moved on: a successful import would show

        using var other = Simulator(CosimKeys.FromSeed(45));
        var header = CheckpointHeader.Read(good, "good");
        var bad = new (string Name, byte[] File, StorageFault Fault, ulong Minimum)[]
        {
            ("a flipped image byte", Flip(good, CheckpointHeader.Bytes + (int)(header.ImageBytes / 2)), StorageFault.CheckpointCorrupted, 0),
            ("a flipped last tag byte", Flip(good, CheckpointHeader.Bytes + (int)header.SealedImageBytes - 1), StorageFault.CheckpointCorrupted, 0),
            ("a flipped header byte (the counter)", Flip(good, 32), StorageFault.CheckpointCorrupted, 0),
            ("an image cut short", good[..(CheckpointHeader.Bytes + 4096)], StorageFault.CheckpointTruncated, 0),
            ("another device's image", Checkpoint(other), StorageFault.WrongDevice, 0),
            ("an image older than the counter", good, StorageFault.RolledBack, 6),
        };
        foreach (var (name, file, fault, minimum) in bad)
        {
            var e = Assert.Throws<DurableStorageException>(() => Import(kernel, new MemoryStream(file), name, minimum));
            Assert.True(e.Fault == fault, $"{name}: {e.Fault}, expected {fault} ({e.Message})");
        }

        // Nothing changed: the kernel goes on exactly like the simulator that never saw the bad images.
        script.Continue([sim, kernel], frames: 6, seed: 7);
        AssertSameFile(Checkpoint(sim), Checkpoint(kernel), keys.Seed);

        // Positive control: the same image, whole and above the minimum, is accepted and rolls the kernel back.
        Import(kernel, new MemoryStream(good), "good", minimum: 5);
        Assert.True(kernel.CommitNumber < sim.CommitNumber);
    }

    [Fact]
    public void The_HLS_top_behind_the_xrt_shim_writes_the_same_checkpoint()
    {
        var keys = CosimKeys.FromSeed(46);
        using var sim = Simulator(keys);
        using var xrt = OnXrt(keys);
        var script = new Script(keys, sim, xrt);
        script.Run(frames: 12, seed: 8);
        var simFile = Checkpoint(sim);
        using (var stream = new MemoryStream())
        {
            xrt.WriteCheckpoint(stream, 1, 0, Salt);
            AssertSameFile(simFile, stream.ToArray(), keys.Seed);
        }

        // The simulator's image into a fresh HLS top, then on alike.
        using var fresh = new XrtDevice(new XrtDeviceOptions { Parameters = P, Seed = keys.Seed, XclbinPath = FakeXrtShim.Connectivity, ShimLibrary = FakeXrtShim.Library });
        fresh.Import(new MemoryStream(simFile), "sim.ckpt");
        script.Continue([sim, fresh], frames: 12, seed: 9);
        using var after = new MemoryStream();
        fresh.WriteCheckpoint(after, 1, 0, Salt);
        AssertSameFile(Checkpoint(sim), after.ToArray(), keys.Seed);
    }

    private static byte[] Checkpoint(ICheckpointDevice device, ulong counter = 0)
    {
        using var stream = new MemoryStream();
        switch (device)
        {
            case SimulatedDevice sim:
                sim.WriteCheckpoint(stream, 1, counter, Salt);
                break;
            case OpenClDevice kernel:
                kernel.WriteCheckpoint(stream, 1, counter, Salt);
                break;
            case XrtDevice xrt:
                xrt.WriteCheckpoint(stream, 1, counter, Salt);
                break;
            default:
                throw new ArgumentException("a simulator or an OpenCL kernel device", nameof(device));
        }

        return stream.ToArray();
    }

    private static void Import(ICheckpointDevice device, Stream image, string name, ulong minimum)
    {
        switch (device)
        {
            case OpenClDevice kernel:
                kernel.Import(image, name, minimum);
                break;
            case XrtDevice xrt:
                xrt.Import(image, name, minimum);
                break;
            default:
                throw new ArgumentException("an OpenCL or XRT kernel device", nameof(device));
        }
    }

    private static byte[] Flip(byte[] file, int at)
    {
        var copy = (byte[])file.Clone();
        copy[at] ^= 0x10;
        return copy;
    }

    /// <summary>Equal files; when not, names the first plaintext image offset that differs (the test knows the device key).</summary>
    private static void AssertSameFile(byte[] expected, byte[] actual, byte[] deviceKey)
    {
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return;
        }

        var a = CheckpointImages.Plaintext(expected, deviceKey);
        var b = CheckpointImages.Plaintext(actual, deviceKey);
        int at = a.AsSpan().CommonPrefixLength(b);
        Assert.Fail($"The checkpoint files differ ({expected.Length} and {actual.Length} bytes); the plaintext images first differ at byte {at} (image {a.Length}, host section after {CheckpointHeader.Read(expected, "a").ImageBytes}).");
    }

    /// <summary>
    /// One client session over every device at once: the same hello, load and sealed frames go to each, and each must
    /// answer with the same bytes, the same trace rows and the same host pages.
    /// </summary>
    private sealed class Script
    {
        private readonly ChannelSession _session;

        public Script(CosimKeys keys, IBoltDevice reference, IBoltDevice device)
        {
            var tee = new TeeDevice(device, reference);
            _session = ChannelSession.Open(tee, ChannelKdf.ProvisioningKey(keys.Seed));
            var load = new byte[300 * P.CommandBytes];
            for (int k = 0; k < 300; k++)
            {
                CommandLayout.Write(load.AsSpan(k * P.CommandBytes, P.CommandBytes), OpCode.Put, Digest(k), BitConverter.GetBytes(k));
            }

            _session.Load(load);
            Devices = [reference, device];
        }

        private IBoltDevice[] Devices { get; set; }

        public void Run(int frames, int seed) => Continue(Devices, frames, seed);

        /// <summary>Frames of random gets, puts and deletes (a retransmission among them), sealed once and given to every device.</summary>
        public void Continue(IBoltDevice[] devices, int frames, int seed)
        {
            var traces = devices.Select(_ => new TraceBuffer()).ToArray();
            for (int i = 0; i < devices.Length; i++)
            {
                devices[i].Trace = traces[i];
            }

            var random = new Random(seed);
            byte[]? last = null;
            for (int f = 0; f < frames; f++)
            {
                int records = random.Next(1, 9);
                var commands = new byte[records * P.CommandBytes];
                for (int i = 0; i < records; i++)
                {
                    var op = (OpCode)random.Next(1, 4);
                    CommandLayout.Write(commands.AsSpan(i * P.CommandBytes, P.CommandBytes), op, Digest(random.Next(500)), op == OpCode.Put ? BitConverter.GetBytes(random.Next()) : default);
                }

                var frame = f % 7 == 6 && last is not null ? last : new byte[FrameLayout.Bytes(records, P.CommandBytes)];
                if (frame != last)
                {
                    _session.SealCommands(commands, frame);
                }

                byte[]? answer = null;
                foreach (var device in devices)
                {
                    var response = new byte[FrameLayout.Bytes(ChannelEndpoint.MaxFrameRecords, P.ResponseBytes)];
                    int n = device.ExecuteSealed(frame, response);
                    answer ??= response[..n];
                    Assert.Equal(answer, response[..n]);
                }

                if (frame != last)
                {
                    int count = (frame.Length - FrameLayout.OverheadBytes) / P.CommandBytes;
                    _session.OpenResponses(answer, new byte[count * P.ResponseBytes]);
                }

                last = frame;
            }

            foreach (var device in devices.Skip(1))
            {
                Assert.True(devices[0].HostMemory.SequenceEqual(device.HostMemory));
            }

            foreach (var trace in traces.Skip(1))
            {
                Assert.Equal(traces[0].Rows, trace.Rows);
            }

            foreach (var device in devices)
            {
                device.Trace = null;
            }

            Devices = devices;
        }

        private static Digest128 Digest(long key) => new((ulong)key * 0x9E3779B97F4A7C15 | 1, (ulong)key);
    }
}

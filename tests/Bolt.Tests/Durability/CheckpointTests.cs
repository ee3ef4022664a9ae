using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Core.Durability;
using Bolt.Sim;
using Xunit;

namespace Bolt.Tests.Durability;

/// <summary>
/// Sealed checkpoints of the simulator: a restored device continues exactly where the original was (same answers, same
/// host pages, same image), the size depends only on the parameters, and every kind of damaged file is a typed error.
/// </summary>
public sealed class CheckpointTests
{
    private static readonly BoltParameters Small = new(capacity: 1024, valueSize: 16, sessionSlots: 8);

    private static SimulatedDeviceOptions Options(long seed = 7, BoltParameters? parameters = null) =>
        new() { Parameters = parameters ?? Small, Seed = SimulatedDeviceOptions.InsecureFixedKey(seed) };

    private static byte[] Checkpoint(SimulatedDevice device, ulong number = 1, ulong counter = 0)
    {
        using var stream = new MemoryStream();
        device.WriteCheckpoint(stream, number, counter);
        return stream.ToArray();
    }

    private static SimulatedDevice Restore(byte[] file, SimulatedDeviceOptions options) =>
        SimulatedDevice.Restore(options, new MemoryStream(file), "test.ckpt").Device;

    /// <summary>A loaded device with a session that ran some frames; returns the session's provisioning key.</summary>
    private static (SimulatedDevice Device, ChannelSession Session) Busy(SimulatedDeviceOptions options, int frames)
    {
        var device = new SimulatedDevice(options);
        var session = ChannelSession.Open(device, ChannelKdf.ProvisioningKey(options.Seed));
        var p = options.Parameters;
        var load = new byte[300 * p.CommandBytes];
        for (int k = 0; k < 300; k++)
        {
            CommandLayout.Write(load.AsSpan(k * p.CommandBytes, p.CommandBytes), OpCode.Put, Digest(k), BitConverter.GetBytes(k));
        }

        session.Load(load);
        var random = new Random(5);
        for (int f = 0; f < frames; f++)
        {
            RunFrame(session, p, random);
        }

        return (device, session);
    }

    private static Digest128 Digest(long key) => new((ulong)key * 0x9E3779B97F4A7C15 | 1, (ulong)key);

    /// <summary>A frame of 16 random gets, puts and deletes; returns the response records.</summary>
    private static byte[] RunFrame(ChannelSession session, BoltParameters p, Random random)
    {
        var commands = new byte[16 * p.CommandBytes];
        for (int i = 0; i < 16; i++)
        {
            var op = (OpCode)random.Next(1, 4);
            CommandLayout.Write(commands.AsSpan(i * p.CommandBytes, p.CommandBytes), op, Digest(random.Next(400)), op == OpCode.Put ? BitConverter.GetBytes(random.Next()) : default);
        }

        var responses = new byte[16 * p.ResponseBytes];
        session.Execute(commands, responses);
        return responses;
    }

    [Fact]
    public void A_restored_device_continues_exactly_like_the_original()
    {
        var options = Options();
        var (original, session) = Busy(options, frames: 20);
        using var _ = original;
        var file = Checkpoint(original);
        using var restored = Restore(file, options);

        Assert.Equal(original.CommitNumber, restored.CommitNumber);
        Assert.True(original.HostMemory.SequenceEqual(restored.HostMemory));
        Assert.Equal(CheckpointImages.Plaintext(file, options.Seed), CheckpointImages.Plaintext(Checkpoint(restored), options.Seed));

        // The same session's next frames (sealed once, delivered to both) get the same sealed answers and leave the same pages.
        var p = options.Parameters;
        var random = new Random(9);
        for (int f = 0; f < 20; f++)
        {
            var commands = new byte[16 * p.CommandBytes];
            for (int i = 0; i < 16; i++)
            {
                var op = (OpCode)random.Next(1, 4);
                CommandLayout.Write(commands.AsSpan(i * p.CommandBytes, p.CommandBytes), op, Digest(random.Next(400)), op == OpCode.Put ? BitConverter.GetBytes(random.Next()) : default);
            }

            var frame = new byte[FrameLayout.Bytes(16, p.CommandBytes)];
            session.SealCommands(commands, frame);
            var a = new byte[FrameLayout.Bytes(16, p.ResponseBytes)];
            var b = new byte[a.Length];
            original.ExecuteSealed(frame, a);
            restored.ExecuteSealed(frame, b);
            Assert.Equal(a, b);
            session.OpenResponses(a, new byte[16 * p.ResponseBytes]);
        }

        Assert.True(original.HostMemory.SequenceEqual(restored.HostMemory));
        Assert.Equal(CheckpointImages.Plaintext(Checkpoint(original), options.Seed), CheckpointImages.Plaintext(Checkpoint(restored), options.Seed));
    }

    [Fact]
    public void A_retransmission_after_a_restore_gets_the_cached_answer()
    {
        var options = Options();
        var (original, session) = Busy(options, frames: 3);
        using var _ = original;
        var p = options.Parameters;
        var frame = new byte[FrameLayout.Bytes(1, p.CommandBytes)];
        var put = new byte[p.CommandBytes];
        CommandLayout.Write(put, OpCode.Put, Digest(1), [1, 2, 3]);
        session.SealCommands(put, frame);
        var answer = new byte[FrameLayout.Bytes(1, p.ResponseBytes)];
        original.ExecuteSealed(frame, answer);

        using var restored = Restore(Checkpoint(original), options);
        var again = new byte[answer.Length];
        restored.ExecuteSealed(frame, again);
        Assert.Equal(answer, again);
        Assert.Equal(1, restored.PublicStatus.FramesRetransmitted);
    }

    [Fact]
    public void The_size_depends_only_on_the_parameters()
    {
        var options = Options();
        using var empty = new SimulatedDevice(options);
        var (busy, _) = Busy(options, frames: 30);
        using var __ = busy;
        var a = Checkpoint(empty);
        var b = Checkpoint(busy);
        Assert.Equal(a.Length, b.Length);
        Assert.Equal(new CheckpointHeader { ImageBytes = SimulatedDevice.ImageBytes(Small), HostBytes = Small.HostBytes }.FileBytes, a.Length);
    }

    [Fact]
    public void A_checkpoint_never_reuses_a_key_so_equal_states_seal_to_different_bytes()
    {
        var (device, _) = Busy(Options(), frames: 2);
        using var _ = device;
        var a = Checkpoint(device);
        var b = Checkpoint(device);
        Assert.NotEqual(a[CheckpointHeader.Bytes..(CheckpointHeader.Bytes + 4096)], b[CheckpointHeader.Bytes..(CheckpointHeader.Bytes + 4096)]);
    }

    [Theory]
    [InlineData(20)] // checkpoint number in the header
    [InlineData(30)] // commit number
    [InlineData(60)] // device id
    [InlineData(100)] // host digest
    [InlineData(CheckpointHeader.Bytes + 5)] // first chunk of the image
    [InlineData(-1)] // last byte: the host-page section
    public void A_flipped_bit_anywhere_is_refused(int offset)
    {
        var (device, _) = Busy(Options(), frames: 2);
        using var _ = device;
        var file = Checkpoint(device);
        file[offset < 0 ? file.Length + offset : offset] ^= 0x10;
        var e = Assert.ThrowsAny<DurableStorageException>(() => Restore(file, Options()));
        Assert.Contains(e.Fault, new[] { StorageFault.CheckpointCorrupted, StorageFault.WrongDevice });
    }

    [Fact]
    public void A_truncated_checkpoint_is_refused()
    {
        var (device, _) = Busy(Options(), frames: 2);
        using var _ = device;
        var file = Checkpoint(device);
        foreach (int length in new[] { 10, CheckpointHeader.Bytes + 100, file.Length - 1 })
        {
            var e = Assert.Throws<DurableStorageException>(() => Restore(file[..length], Options()));
            Assert.Equal(StorageFault.CheckpointTruncated, e.Fault);
        }
    }

    [Fact]
    public void Another_devices_or_another_maps_checkpoint_is_refused()
    {
        var (device, _) = Busy(Options(), frames: 2);
        using var _ = device;
        var file = Checkpoint(device);
        Assert.Equal(StorageFault.WrongDevice, Assert.Throws<DurableStorageException>(() => Restore(file, Options(seed: 8))).Fault);
        var other = new BoltParameters(capacity: 2048, valueSize: 16, sessionSlots: 8);
        Assert.Equal(StorageFault.WrongDevice, Assert.Throws<DurableStorageException>(() => Restore(file, Options(parameters: other))).Fault);
    }

    [Fact]
    public void The_host_region_can_live_in_a_memory_mapped_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bolt-region-{Guid.NewGuid():N}");
        try
        {
            var (device, _) = Busy(Options() with { HostRegionFile = path }, frames: 5);
            using (device)
            {
                Assert.Equal(Small.HostBytes, new FileInfo(path).Length);
                using var restored = Restore(Checkpoint(device), Options());
                Assert.True(device.HostMemory.SequenceEqual(restored.HostMemory));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}

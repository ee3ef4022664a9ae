using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Core.Device;
using Bolt.Core.Durability;
using Bolt.Server.Durability;
using Bolt.Sim;
using Xunit;

namespace Bolt.Tests.Durability;

/// <summary>
/// The durable store in process: recovery after a crash (no shutdown checkpoint) reaches exactly the state of a device
/// that never crashed after the same calls; a torn unacknowledged tail is dropped; and every kind of damaged, swapped,
/// foreign or rolled-back storage is a typed error, with the counter as what catches rollback (positive control: a
/// fresh counter accepts the old state).
/// </summary>
public sealed class DurableStoreTests : IDisposable
{
    private static readonly BoltParameters Small = new(capacity: 1024, valueSize: 16, sessionSlots: 8);
    private static readonly byte[] Lifetime = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
    private readonly string _root = Directory.CreateTempSubdirectory("bolt-durable-").FullName;
    private readonly InProcessCounter _counter = new();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Data => Path.Combine(_root, "data");

    private static SimulatedDeviceOptions DeviceOptions(long seed = 11) =>
        new() { Parameters = Small, Seed = SimulatedDeviceOptions.InsecureFixedKey(seed), Lifetime = Lifetime };

    private DurableStore Open(long seed = 11, IMonotonicCounter? counter = null, string? directory = null, bool continueLifetime = false) =>
        DurableStore.Open(new DurabilityOptions { Directory = directory ?? Data, Counter = counter ?? _counter, CheckpointEveryRecords = 0, ContinueLifetimeAfterReplay = continueLifetime },
            new SimulatorFactory(DeviceOptions(seed)), initialiseEmpty: true);

    /// <summary>Runs <paramref name="frames"/> acknowledged frames of puts through <paramref name="session"/> (each made durable, as the daemon does).</summary>
    private static void Puts(DurableStore store, ChannelSession session, int frames, int salt)
    {
        var p = Small;
        for (int f = 0; f < frames; f++)
        {
            var commands = new byte[8 * p.CommandBytes];
            for (int i = 0; i < 8; i++)
            {
                long key = ((f * 8) + i) % 300;
                CommandLayout.Write(commands.AsSpan(i * p.CommandBytes, p.CommandBytes), OpCode.Put, Digest(key), BitConverter.GetBytes(key + salt));
            }

            session.Execute(commands, new byte[8 * p.ResponseBytes]);
            store.MakeDurable(store.AppendedPosition, store.Commit);
        }
    }

    private static Digest128 Digest(long key) => new((ulong)key * 0x9E3779B97F4A7C15 | 1, (ulong)key);

    private byte[] NewestCheckpoint(string? directory = null) =>
        File.ReadAllBytes(Directory.GetFiles(directory ?? Data, "checkpoint-*.ckpt").Order(StringComparer.Ordinal).Last());

    private void Snapshot(string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(Data))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }

    private void RestoreSnapshot(string from)
    {
        Directory.Delete(Data, recursive: true);
        Directory.CreateDirectory(Data);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(Data, Path.GetFileName(file)));
        }
    }

    private string LogFile => Directory.GetFiles(Data, "log-*.wal").Single();

    [Fact]
    public void Recovery_after_a_crash_equals_a_run_that_never_crashed()
    {
        using var reference = new SimulatedDevice(DeviceOptions());
        reference.Initialise(default);
        var store = Open();
        Assert.True(store.Recovery.Fresh);
        var tee = new TeeDevice(store.Device, reference);
        var session = ChannelSession.Open(tee, ChannelKdf.ProvisioningKey(DeviceOptions().Seed));
        Puts(store, session, frames: 30, salt: 1);
        store.Checkpoint();
        Puts(store, session, frames: 30, salt: 2);

        store.Dispose(); // a crash: no shutdown checkpoint, the log holds the last 30 frames
        using var recovered = Open();
        Assert.False(recovered.Recovery.Fresh);
        Assert.Equal(1ul, recovered.Recovery.Checkpoint);
        Assert.Equal(30, recovered.Recovery.FramesReplayed);
        Assert.Equal(reference.CommitNumber, recovered.Commit);

        // After the replay the recovered device moved to a new lifetime; the reference takes the same step.
        var lifetime = CheckpointImages.Lifetime(NewestCheckpoint(), DeviceOptions().Seed);
        Assert.NotEqual(Lifetime, lifetime);
        reference.BeginNewLifetime(lifetime);
        using var expected = new MemoryStream();
        reference.WriteCheckpoint(expected, 0, 0);
        Assert.Equal(CheckpointImages.Plaintext(expected.ToArray(), DeviceOptions().Seed), CheckpointImages.Plaintext(NewestCheckpoint(), DeviceOptions().Seed));

        // The same session goes on against the recovered device (its keys and sequence numbers were restored).
        tee.Primary = recovered.Device;
        Puts(recovered, session, frames: 5, salt: 3);
    }

    /// <summary>
    /// The security review's finding, as a game: a host that lets calls run, crashes the daemon before they reach the
    /// log, and then lets other calls run, holds two seals of the same pages. If recovery continued the checkpoint's
    /// lifetime after its replay (the positive control), those seals share (page, version) nonces under one key — a
    /// two-time pad; recovery moves to a new lifetime, so none do.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Calls_lost_in_a_crash_never_share_a_page_nonce_with_the_calls_after_recovery(bool continueLifetime)
    {
        var key = DeviceOptions().Seed;
        var store = Open();
        var session = ChannelSession.Open(store.Device, ChannelKdf.ProvisioningKey(key));
        Puts(store, session, frames: 5, salt: 1);
        var lostLifetime = CheckpointImages.Lifetime(NewestCheckpoint(), key);
        for (int f = 0; f < 5; f++)
        {
            // These run and seal pages, but the crash comes before their log records are written.
            var commands = new byte[8 * Small.CommandBytes];
            for (int i = 0; i < 8; i++)
            {
                CommandLayout.Write(commands.AsSpan(i * Small.CommandBytes, Small.CommandBytes), OpCode.Put, Digest(500 + (f * 8) + i), BitConverter.GetBytes(f));
            }

            session.Execute(commands, new byte[8 * Small.ResponseBytes]);
        }

        var seen = store.Device.HostMemory.ToArray();
        store.Dispose();

        using var recovered = Open(continueLifetime: continueLifetime);
        var other = ChannelSession.Open(recovered.Device, ChannelKdf.ProvisioningKey(key));
        Puts(recovered, other, frames: 5, salt: 9);
        var nextLifetime = CheckpointImages.Lifetime(NewestCheckpoint(), key);
        int pads = TwoTimePadCount.Count(seen, lostLifetime, recovered.Device.HostMemory.ToArray(), nextLifetime, key, Small.PageBytes);
        if (continueLifetime)
        {
            Assert.True(pads > 0, "the positive control (the lifetime continued after replay) must show shared page nonces");
        }
        else
        {
            Assert.Equal(0, pads);
        }
    }

    [Fact]
    public void A_torn_unacknowledged_tail_is_dropped_and_the_acknowledged_records_kept()
    {
        var store = Open();
        var session = ChannelSession.Open(store.Device, ChannelKdf.ProvisioningKey(DeviceOptions().Seed));
        Puts(store, session, frames: 10, salt: 1);
        ulong acknowledged = store.Commit;
        store.Dispose();
        using (var log = new FileStream(LogFile, FileMode.Append))
        {
            log.Write(new byte[] { 40, 0, 0, 0, 1, 2, 3, 4, 3, 0, 0, 0 }); // half a record header: the crash cut the write
        }

        using var recovered = Open();
        Assert.Equal(12, recovered.Recovery.TornBytes);
        Assert.Equal(acknowledged, recovered.Commit);
    }

    /// <summary>
    /// A crash while the log was rotated after a checkpoint: the new segment exists but its header was never written
    /// (the file is empty or shorter than a header). No record can follow a header that was never written, so the
    /// segment is empty and the checkpoint is the whole state; recovery goes on from it. (Before, the data directory
    /// could never be opened again: "no valid log header". Seen in `bolt serve --device opencl` killed during a checkpoint.)
    /// A whole header that is damaged stays refused: that is not what a crash leaves.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    public void A_crash_before_the_new_log_segment_has_its_header_recovers_from_the_checkpoint(int headerBytesWritten)
    {
        var store = Open();
        var session = ChannelSession.Open(store.Device, ChannelKdf.ProvisioningKey(DeviceOptions().Seed));
        Puts(store, session, frames: 6, salt: 1);
        store.Checkpoint();
        ulong acknowledged = store.Commit;
        store.Dispose();
        using (var log = new FileStream(LogFile, FileMode.Open))
        {
            log.SetLength(headerBytesWritten); // the crash came between creating the segment and writing its header
        }

        using (var recovered = Open())
        {
            Assert.Equal(acknowledged, recovered.Commit);
            Assert.Equal(headerBytesWritten, recovered.Recovery.TornBytes);
            var reader = ChannelSession.Open(recovered.Device, ChannelKdf.ProvisioningKey(DeviceOptions().Seed));
            var get = new byte[Small.CommandBytes];
            var response = new byte[Small.ResponseBytes];
            CommandLayout.Write(get, OpCode.Get, Digest(47), default);
            reader.Execute(get, response);
            Assert.Equal(BitConverter.GetBytes(47L + 1), ResponseLayout.ReadValue(response).ToArray());
        }

        // The control: a full-length header with one flipped byte is damage, and is refused.
        var bytes = File.ReadAllBytes(LogFile);
        bytes[3] ^= 1;
        File.WriteAllBytes(LogFile, bytes);
        Assert.Equal(StorageFault.LogCorrupted, Assert.ThrowsAny<DurableStorageException>(() => Open()).Fault);
    }

    /// <summary>
    /// A crash between two parts of a streamed bulk load: the log ends inside a load that was never acknowledged.
    /// Recovery abandons it — the device holds no map again and keeps its commit number, so a counter that moved at every
    /// commit still accepts what follows — the client loads again, and a later crash recovers that map. (Before, the
    /// recovery checkpoint refused the load in progress and the data directory could never be opened again.)
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_crash_inside_a_streamed_load_abandons_it_and_the_client_loads_again(bool counterEveryCommit)
    {
        var p = Small;
        var records = new byte[300 * p.CommandBytes];
        for (int k = 0; k < 300; k++)
        {
            CommandLayout.Write(records.AsSpan(k * p.CommandBytes, p.CommandBytes), OpCode.Put, Digest(k), BitConverter.GetBytes((long)k + 5));
        }

        DurableStore OpenForLoad() => DurableStore.Open(
            new DurabilityOptions { Directory = Data, Counter = _counter, CheckpointEveryRecords = 0, CounterEveryCommit = counterEveryCommit },
            new SimulatorFactory(DeviceOptions()), initialiseEmpty: false);
        var key = ChannelKdf.ProvisioningKey(DeviceOptions().Seed);

        var store = OpenForLoad();
        var session = ChannelSession.Open(store.Device, key);
        session.Load(records.AsSpan(0, 100 * p.CommandBytes), lastPart: false);
        session.Load(records.AsSpan(100 * p.CommandBytes, 100 * p.CommandBytes), lastPart: false);
        store.MakeDurable(store.AppendedPosition, store.Commit);
        ulong commit = store.Commit;
        Assert.False(store.CanCheckpoint);
        store.Dispose(); // the crash, before the load's last part

        var recovered = OpenForLoad();
        Assert.True(recovered.Recovery.AbandonedLoad, recovered.Recovery.ToString());
        Assert.Contains("abandoned a bulk load", recovered.Recovery.ToString(), StringComparison.Ordinal);
        Assert.False(recovered.Device.PublicStatus.Initialised);
        Assert.Equal(commit, recovered.Commit);

        var again = ChannelSession.Open(recovered.Device, key);
        again.Load(records.AsSpan(0, 150 * p.CommandBytes), lastPart: false);
        again.Load(records.AsSpan(150 * p.CommandBytes), lastPart: true);
        Puts(recovered, again, frames: 3, salt: 1000);
        recovered.Dispose(); // a second crash, after the whole load

        using var last = OpenForLoad();
        Assert.False(last.Recovery.AbandonedLoad);
        Assert.True(last.Device.PublicStatus.Initialised);
        var reader = ChannelSession.Open(last.Device, key);
        var get = new byte[p.CommandBytes];
        var response = new byte[p.ResponseBytes];
        foreach (long k in new long[] { 0, 199, 250, 299 })
        {
            CommandLayout.Write(get, OpCode.Get, Digest(k), default);
            reader.Execute(get, response);
            Assert.Equal(DeviceStatus.Ok, ResponseLayout.ReadStatus(response));
            long expected = k < 24 ? k + 1000 : k + 5; // the three frames of puts rewrote keys 0..23
            Assert.Equal(BitConverter.GetBytes(expected), ResponseLayout.ReadValue(response).ToArray());
        }
    }

    [Fact]
    public void A_cut_through_acknowledged_records_is_refused()
    {
        var store = Open();
        var session = ChannelSession.Open(store.Device, ChannelKdf.ProvisioningKey(DeviceOptions().Seed));
        Puts(store, session, frames: 10, salt: 1);
        store.Dispose();
        using (var log = new FileStream(LogFile, FileMode.Open))
        {
            log.SetLength(log.Length - 30);
        }

        var e = Assert.ThrowsAny<DurableStorageException>(() => Open());
        Assert.Equal(StorageFault.LogCorrupted, e.Fault);
    }

    [Fact]
    public void A_flipped_bit_in_an_acknowledged_record_is_refused()
    {
        var store = Open();
        var session = ChannelSession.Open(store.Device, ChannelKdf.ProvisioningKey(DeviceOptions().Seed));
        Puts(store, session, frames: 10, salt: 1);
        store.Dispose();
        var bytes = File.ReadAllBytes(LogFile);
        bytes[LogSegmentHeaderBytes + 200] ^= 1;
        File.WriteAllBytes(LogFile, bytes);
        Assert.Equal(StorageFault.LogCorrupted, Assert.ThrowsAny<DurableStorageException>(() => Open()).Fault);
    }

    private const int LogSegmentHeaderBytes = 64;

    [Fact]
    public void A_damaged_or_cut_checkpoint_is_refused_and_nothing_is_deleted()
    {
        Open().Dispose();
        string checkpoint = Directory.GetFiles(Data, "checkpoint-*.ckpt").Single();
        var bytes = File.ReadAllBytes(checkpoint);
        bytes[CheckpointHeader.Bytes + 1000] ^= 4;
        File.WriteAllBytes(checkpoint, bytes);
        Assert.Equal(StorageFault.CheckpointCorrupted, Assert.ThrowsAny<DurableStorageException>(() => Open()).Fault);
        Assert.True(File.Exists(checkpoint));

        bytes[CheckpointHeader.Bytes + 1000] ^= 4;
        File.WriteAllBytes(checkpoint, bytes[..(bytes.Length / 2)]);
        Assert.Equal(StorageFault.CheckpointTruncated, Assert.ThrowsAny<DurableStorageException>(() => Open()).Fault);
    }

    [Fact]
    public void Another_devices_log_is_refused()
    {
        Open().Dispose();
        string other = Path.Combine(_root, "other");
        Open(seed: 12, counter: new InProcessCounter(), directory: other).Dispose();
        File.Copy(Directory.GetFiles(other, "log-*.wal").Single(), LogFile, overwrite: true);
        Assert.Equal(StorageFault.WrongDevice, Assert.ThrowsAny<DurableStorageException>(() => Open()).Fault);
    }

    [Fact]
    public void Swapped_checkpoints_are_refused()
    {
        var store = Open();
        string old = Path.Combine(_root, "old");
        store.Checkpoint();
        Snapshot(old);
        store.Checkpoint();
        store.Dispose();

        // The host renames an older checkpoint to the newest one's name.
        string newest = Directory.GetFiles(Data, "checkpoint-*.ckpt").Single();
        File.Copy(Directory.GetFiles(old, "checkpoint-*.ckpt").Single(), newest, overwrite: true);
        Assert.Equal(StorageFault.Mismatch, Assert.ThrowsAny<DurableStorageException>(() => Open()).Fault);
    }

    [Fact]
    public void An_old_checkpoint_with_its_log_is_a_detected_rollback_and_a_fresh_counter_is_the_control()
    {
        var store = Open();
        var session = ChannelSession.Open(store.Device, ChannelKdf.ProvisioningKey(DeviceOptions().Seed));
        Puts(store, session, frames: 5, salt: 1);
        string old = Path.Combine(_root, "old");
        Snapshot(old); // checkpoint 0 with its log of 5 frames
        Puts(store, session, frames: 5, salt: 2);
        store.Checkpoint();
        Puts(store, session, frames: 5, salt: 3);
        store.Dispose();

        RestoreSnapshot(old);
        var e = Assert.Throws<RollbackDetectedException>(() => Open());
        Assert.True(e.StoredCommit < e.Counter);

        // Positive control: the same files with a counter that knows nothing (a file counter restored with the files) pass.
        using var fooled = Open(counter: new InProcessCounter());
        Assert.False(fooled.Recovery.Fresh);
    }

    [Fact]
    public void A_client_refuses_a_device_rolled_back_behind_a_commit_it_saw_even_when_the_daemon_was_fooled()
    {
        var key = DeviceOptions().Seed;
        var store = Open();
        var session = ChannelSession.Open(store.Device, ChannelKdf.ProvisioningKey(key));
        Puts(store, session, frames: 3, salt: 1);
        ulong early = session.HighestCommit;
        string old = Path.Combine(_root, "old");
        Snapshot(old);
        Puts(store, session, frames: 5, salt: 2);
        Assert.True(session.HighestCommit > early);
        store.Dispose();

        // The host restores the old files and a counter that knows nothing: the daemon serves the old state.
        RestoreSnapshot(old);
        using var fooled = Open(counter: new InProcessCounter());
        var control = ChannelSession.Open(fooled.Device, ChannelKdf.ProvisioningKey(key));
        Puts(fooled, control, frames: 1, salt: 3); // a client that saw nothing is served (the control)

        var successor = ChannelSession.Open(fooled.Device, ChannelKdf.ProvisioningKey(key));
        successor.HighestCommit = session.HighestCommit;
        var e = Assert.Throws<ChannelViolationException>(() => Puts(fooled, successor, frames: 1, salt: 4));
        Assert.Equal(ChannelFault.RolledBack, e.Fault);
        Assert.True(successor.IsBroken);
    }

    [Fact]
    public void A_checkpoint_older_than_the_counter_is_refused_and_deleted_state_is_not_replaced()
    {
        Open().Dispose();
        _counter.AdvanceTo(1000);
        Assert.IsType<RollbackDetectedException>(Assert.ThrowsAny<DurableStorageException>(() => Open()));

        foreach (string file in Directory.GetFiles(Data))
        {
            File.Delete(file);
        }

        Assert.Equal(StorageFault.Missing, Assert.ThrowsAny<DurableStorageException>(() => Open()).Fault);
    }

    [Fact]
    public void The_file_counter_only_moves_forward_and_survives_reopening()
    {
        string path = Path.Combine(_root, "counter");
        var counter = new FileCounter(path);
        counter.AdvanceTo(7);
        counter.AdvanceTo(3);
        Assert.Equal(7ul, counter.Read());
        Assert.Equal(7ul, new FileCounter(path).Read());
        File.WriteAllText(path, "not a counter");
        Assert.Throws<DurableStorageException>(() => new FileCounter(path));
    }
}

using System.Diagnostics;
using System.Globalization;
using Bolt.Core;
using Bolt.Core.Crypto;
using Bolt.Core.Device;
using Bolt.Core.Durability;

namespace Bolt.Server.Durability;

/// <summary>
/// A device whose state survives a crash (docs/durability.md): a data directory of sealed checkpoints
/// (<c>checkpoint-N.ckpt</c>), one write-ahead log segment per checkpoint (<c>log-N.wal</c>, the calls after it) and the
/// host region (<c>host.region</c>, memory-mapped). <see cref="Open"/> recovers: the newest checkpoint is authenticated
/// and restored with its host pages, its log is replayed (the same lifetime, so the same trace), the result is checked
/// against the monotonic counter, and a new checkpoint starts a clean log. Drive the device through <see cref="Device"/>
/// (it logs every call first) from one thread, and acknowledge a call's results only after <see cref="MakeDurable"/>
/// covered its position. This is the server-side API an embedding host (the daemon, a cluster silo) uses.
/// </summary>
public sealed class DurableStore : IDisposable
{
    private const string CheckpointPrefix = "checkpoint-";
    private const string CheckpointSuffix = ".ckpt";
    private const string LogPrefix = "log-";
    private const string LogSuffix = ".wal";

    private readonly DurabilityOptions _options;
    private readonly ICheckpointDevice _device;
    private readonly WriteAheadLog _log;
    private readonly LoggingDevice _logging;
    private readonly object _counterGate = new();
    private CheckpointHeader _checkpoint;

    private DurableStore(DurabilityOptions options, ICheckpointDevice device, CheckpointHeader checkpoint, WriteAheadLog log, RecoveryReport report)
    {
        _options = options;
        _device = device;
        _checkpoint = checkpoint;
        _log = log;
        _logging = new LoggingDevice(device, log);
        Recovery = report;
    }

    /// <summary>The device, logging every state-changing call before it runs.</summary>
    public IBoltDevice Device => _logging;

    /// <summary>The device's commit number now.</summary>
    public ulong Commit => _device.CommitNumber;

    /// <summary>How long the group committer waits for company (<see cref="DurabilityOptions.GroupCommitDelay"/>).</summary>
    public TimeSpan GroupCommitDelay => _options.GroupCommitDelay;

    /// <summary>What <see cref="Open"/> found and did.</summary>
    public RecoveryReport Recovery { get; }

    /// <summary>The newest durable checkpoint's number.</summary>
    public ulong CheckpointNumber => _checkpoint.Number;

    /// <summary>The log position after the last call appended (pass it to <see cref="MakeDurable"/>).</summary>
    public long AppendedPosition => _log.Appended;

    /// <summary>Whether enough records were logged since the last checkpoint for the periodic one.</summary>
    public bool CheckpointDue => CanCheckpoint && _options.CheckpointEveryRecords > 0 && _log.RecordsInSegment >= _options.CheckpointEveryRecords;

    /// <summary>Whether a checkpoint can be taken now: not in the middle of a streamed bulk load (<see cref="ICheckpointDevice.LoadInProgress"/>).</summary>
    public bool CanCheckpoint => !_device.LoadInProgress;

    /// <summary>
    /// Opens (or creates) the data directory and recovers the device. A new directory gets a new device — a new lifetime,
    /// initialised empty when <paramref name="initialiseEmpty"/> — and checkpoint 0.
    /// </summary>
    /// <exception cref="DurableStorageException">
    /// The stored state could not be authenticated, belongs to another device or map, does not fit together, or ends
    /// before the counter (<see cref="RollbackDetectedException"/>). Nothing was deleted.
    /// </exception>
    public static DurableStore Open(DurabilityOptions options, IDurableDeviceFactory factory, bool initialiseEmpty)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(factory);
        options.Validate();
        var clock = Stopwatch.StartNew();
        string directory = Path.GetFullPath(options.Directory);
        Directory.CreateDirectory(directory);
        foreach (string temporary in Directory.EnumerateFiles(directory, "*.tmp"))
        {
            File.Delete(temporary); // a checkpoint or counter write a crash interrupted; never renamed, so never used
        }

        ulong counter = options.Counter.Read();
        var checkpoints = Numbered(directory, CheckpointPrefix, CheckpointSuffix);
        string hostFile = Path.Combine(directory, "host.region");
        if (checkpoints.Count == 0)
        {
            if (counter > 0 || Numbered(directory, LogPrefix, LogSuffix).Count > 0)
            {
                throw new DurableStorageException(StorageFault.Missing,
                    $"{directory} holds no checkpoint, but {(counter > 0 ? $"the {options.Counter.Description} is at commit {counter}" : "it holds log segments")}: the state was deleted or moved. Refusing to start a new map over it.");
            }

            var fresh = factory.Create(hostFile);
            try
            {
                if (initialiseEmpty)
                {
                    fresh.Initialise(default);
                }

                var header = WriteCheckpointFile(directory, fresh, 0);
                options.Counter.AdvanceTo(fresh.CommitNumber);
                var log = WriteAheadLog.Create(LogPath(directory, 0), SegmentHeader(header));
                return new DurableStore(options, fresh, header, log, new RecoveryReport { Fresh = true, Elapsed = clock.Elapsed, Counter = counter });
            }
            catch
            {
                fresh.Dispose();
                throw;
            }
        }

        ulong number = checkpoints[^1];
        string checkpointPath = CheckpointPath(directory, number);
        ICheckpointDevice device;
        CheckpointHeader restored;
        var restoreClock = Stopwatch.StartNew();
        using (var source = new FileStream(checkpointPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20))
        {
            // When the counter moves only at checkpoints, it names the newest checkpoint's commit, so the device itself
            // refuses an older image; when it moves at every commit it is ahead of any checkpoint, and the comparison
            // after the replay below decides.
            (device, restored) = factory.Restore(source, Path.GetFileName(checkpointPath), hostFile, options.CounterEveryCommit ? 0 : counter);
        }

        var restoreTime = restoreClock.Elapsed;

        try
        {
            if (restored.Number != number)
            {
                throw new DurableStorageException(StorageFault.Mismatch,
                    $"{Path.GetFileName(checkpointPath)} holds checkpoint {restored.Number}: checkpoint files were renamed or swapped.");
            }

            string logPath = LogPath(directory, number);
            var replay = File.Exists(logPath) ? LogReplay.Run(logPath, restored, device) : new LogReplay.Result(0, 0, 0, -1);
            if (device.CommitNumber < counter)
            {
                if (replay.TornAt >= 0)
                {
                    throw new DurableStorageException(StorageFault.LogCorrupted,
                        $"{Path.GetFileName(logPath)} is damaged at byte {replay.TornAt} ({replay.TornBytes} bytes from there were unreadable), and the {options.Counter.Description} says commit {counter} was acknowledged while the readable log reaches commit {device.CommitNumber}: acknowledged records are in the damaged part.");
                }

                throw new RollbackDetectedException(device.CommitNumber, counter,
                    $"{Path.GetFileName(checkpointPath)} and {(File.Exists(logPath) ? Path.GetFileName(logPath) : "its (missing) log")} are older than the {options.Counter.Description}.");
            }

            // The replay reproduced the original run under the checkpoint's lifetime. Calls that ran before the crash
            // but never reached the log are gone, and what comes next differs from them: continuing that lifetime would
            // reuse their PRNG blocks and page nonces on other plaintexts (a two-time pad the host could read from its
            // old copy of the pages). So the device moves to a new lifetime before it does anything new.
            if (!options.ContinueLifetimeAfterReplay)
            {
                device.BeginNewLifetime(DeviceLifetime.Draw());
            }

            // A clean start: a new checkpoint after the replayed calls, a new log, the old files gone.
            var header = WriteCheckpointFile(directory, device, number + 1);
            options.Counter.AdvanceTo(device.CommitNumber);
            var log = WriteAheadLog.Create(LogPath(directory, number + 1), SegmentHeader(header));
            DeleteBefore(directory, number + 1, options.ArchiveDirectory);
            var report = new RecoveryReport
            {
                Restore = restoreTime,
                Checkpoint = number,
                CheckpointCommit = restored.CommitNumber,
                RecordsReplayed = replay.Records,
                FramesReplayed = replay.Frames,
                TornBytes = replay.TornBytes,
                AbandonedLoad = replay.AbandonedLoad,
                Commit = device.CommitNumber,
                Counter = counter,
                Elapsed = clock.Elapsed,
            };
            return new DurableStore(options, device, header, log, report);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Makes every call appended up to <paramref name="position"/> durable (one fsync for all of them), then, when the
    /// counter advances at every commit, moves the counter to <paramref name="commit"/>. Thread-safe: the group committer calls it.
    /// </summary>
    public void MakeDurable(long position, ulong commit)
    {
        _options.BeforeLogSync?.Invoke();
        _log.SyncTo(position);
        CrashPoints.Reach("log-synced");
        if (_options.CounterEveryCommit)
        {
            lock (_counterGate)
            {
                _options.Counter.AdvanceTo(commit);
            }
        }
    }

    /// <summary>
    /// Takes a checkpoint now, from the device thread between calls: the sealed image and host pages to a new file
    /// (written, fsynced, renamed), the counter advanced, a new log segment, and the older checkpoint and log deleted.
    /// Everything appended before it is durable when it returns.
    /// </summary>
    public CheckpointReport Checkpoint()
    {
        var clock = Stopwatch.StartNew();
        string directory = Path.GetFullPath(_options.Directory);
        ulong number = _checkpoint.Number + 1;

        // The log first holds every call the checkpoint covers, so the retired segments are the device's whole history.
        _log.SyncTo(_log.Appended);
        var header = WriteCheckpointFile(directory, _device, number);
        lock (_counterGate)
        {
            _options.Counter.AdvanceTo(_device.CommitNumber);
        }

        _log.Rotate(LogPath(directory, number), SegmentHeader(header));
        CrashPoints.Reach("log-rotated");
        _checkpoint = header;
        DeleteBefore(directory, number, _options.ArchiveDirectory);
        return new CheckpointReport(number, header.CommitNumber, header.FileBytes, clock.Elapsed);
    }

    /// <summary>Closes the log and the device (the data directory stays as it is).</summary>
    public void Dispose()
    {
        _log.Dispose();
        _device.Dispose();
    }

    private static CheckpointHeader WriteCheckpointFile(string directory, ICheckpointDevice device, ulong number)
    {
        string path = CheckpointPath(directory, number);
        string temporary = path + ".tmp";
        CheckpointHeader header;
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
        {
            header = device.WriteCheckpoint(file, number, device.CommitNumber);
            file.Flush(flushToDisk: true);
        }

        CrashPoints.Reach("checkpoint-written");
        File.Move(temporary, path, overwrite: true);
        DurableFiles.SyncDirectory(directory);
        CrashPoints.Reach("checkpoint-renamed");
        return header;
    }

    private static LogSegmentHeader SegmentHeader(CheckpointHeader checkpoint) =>
        new(checkpoint.Number, checkpoint.Salt, checkpoint.DeviceId, checkpoint.CommitNumber);

    /// <summary>Deletes checkpoints and logs numbered below <paramref name="number"/> (a crash here leaves some behind; the next open deletes them).</summary>
    private static void DeleteBefore(string directory, ulong number, string? archive)
    {
        foreach (ulong old in Numbered(directory, LogPrefix, LogSuffix).Where(n => n < number))
        {
            Retire(LogPath(directory, old), archive);
        }

        CrashPoints.Reach("log-truncated");
        foreach (ulong old in Numbered(directory, CheckpointPrefix, CheckpointSuffix).Where(n => n < number))
        {
            Retire(CheckpointPath(directory, old), archive);
        }

        DurableFiles.SyncDirectory(directory);
    }

    /// <summary>Deletes a superseded file, or moves it to the archive (an audit trail of every checkpoint and log).</summary>
    private static void Retire(string path, string? archive)
    {
        if (archive is null)
        {
            File.Delete(path);
            return;
        }

        Directory.CreateDirectory(archive);
        File.Move(path, Path.Combine(archive, Path.GetFileName(path)), overwrite: true);
    }

    private static string CheckpointPath(string directory, ulong number) => Path.Combine(directory, $"{CheckpointPrefix}{number:D20}{CheckpointSuffix}");

    private static string LogPath(string directory, ulong number) => Path.Combine(directory, $"{LogPrefix}{number:D20}{LogSuffix}");

    private static List<ulong> Numbered(string directory, string prefix, string suffix)
    {
        var numbers = new List<ulong>();
        foreach (string path in Directory.EnumerateFiles(directory, prefix + "*" + suffix))
        {
            string name = Path.GetFileName(path);
            if (ulong.TryParse(name.AsSpan(prefix.Length, name.Length - prefix.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out ulong n))
            {
                numbers.Add(n);
            }
        }

        numbers.Sort();
        return numbers;
    }
}

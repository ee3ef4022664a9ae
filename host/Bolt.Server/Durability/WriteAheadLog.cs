using System.Buffers;
using Bolt.Core.Durability;

namespace Bolt.Server.Durability;

/// <summary>
/// The write-ahead log's current segment. <see cref="Append"/> (the device thread, before the device runs the call)
/// puts a record in an in-memory buffer in log order and never waits for the disk; <see cref="SyncTo"/> (the group
/// committer) writes everything buffered and fsyncs it, so one fsync covers every call appended meanwhile. Positions are
/// global byte counts over all segments, so a reply can wait for "everything up to here" across a checkpoint.
/// </summary>
internal sealed class WriteAheadLog : IDisposable
{
    private readonly object _appendGate = new();
    private readonly object _syncGate = new();
    private ArrayBufferWriter<byte> _pending = new(1 << 16);
    private ArrayBufferWriter<byte> _spare = new(1 << 16);
    private FileStream _file;
    private long _index;
    private long _appended;
    private long _durable;

    private WriteAheadLog(FileStream file) => _file = file;

    /// <summary>Bytes appended over the log's life (all segments).</summary>
    public long Appended
    {
        get
        {
            lock (_appendGate)
            {
                return _appended;
            }
        }
    }

    /// <summary>Bytes known durable.</summary>
    public long Durable => Interlocked.Read(ref _durable);

    /// <summary>Records in the current segment.</summary>
    public long RecordsInSegment
    {
        get
        {
            lock (_appendGate)
            {
                return _index;
            }
        }
    }

    /// <summary>Creates a segment file with its header, durable (file and directory entry) before it returns.</summary>
    public static WriteAheadLog Create(string path, LogSegmentHeader header) => new(CreateSegment(path, header));

    /// <summary>Appends a record; returns the log position after it.</summary>
    public long Append(LogRecordKind kind, ReadOnlySpan<byte> payload)
    {
        lock (_appendGate)
        {
            var destination = _pending.GetSpan(LogRecord.HeaderBytes + payload.Length);
            LogRecord.WriteHeader(destination, kind, _index++, payload);
            payload.CopyTo(destination[LogRecord.HeaderBytes..]);
            _pending.Advance(LogRecord.HeaderBytes + payload.Length);
            _appended += LogRecord.HeaderBytes + payload.Length;
            return _appended;
        }
    }

    /// <summary>Makes the log durable at least up to <paramref name="position"/>: one write and one fsync for everything buffered.</summary>
    public void SyncTo(long position)
    {
        lock (_syncGate)
        {
            if (Durable >= position)
            {
                return;
            }

            ArrayBufferWriter<byte> batch;
            long upTo;
            lock (_appendGate)
            {
                (batch, _pending) = (_pending, _spare);
                upTo = _appended;
            }

            _file.Write(batch.WrittenSpan);
            _file.Flush(flushToDisk: true);
            batch.ResetWrittenCount();
            lock (_appendGate)
            {
                _spare = batch;
            }

            Interlocked.Exchange(ref _durable, upTo);
        }
    }

    /// <summary>
    /// Starts a new segment after a durable checkpoint: what was buffered is covered by the checkpoint and dropped, so
    /// everything appended so far counts as durable.
    /// </summary>
    public void Rotate(string path, LogSegmentHeader header)
    {
        lock (_syncGate)
        {
            var next = CreateSegment(path, header);
            lock (_appendGate)
            {
                _pending.ResetWrittenCount();
                _index = 0;
                Interlocked.Exchange(ref _durable, _appended);
            }

            _file.Dispose();
            _file = next;
        }
    }

    public void Dispose()
    {
        lock (_syncGate)
        {
            _file.Dispose();
        }
    }

    private static FileStream CreateSegment(string path, LogSegmentHeader header)
    {
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        CrashPoints.Reach("log-created");
        file.Write(header.ToBytes());
        file.Flush(flushToDisk: true);
        DurableFiles.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return file;
    }
}

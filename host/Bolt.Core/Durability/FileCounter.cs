using System.Buffers.Binary;

namespace Bolt.Core.Durability;

/// <summary>
/// A monotonic counter in a file, written with fsync and an atomic rename. It is NOT rollback-proof: the host owns the
/// file and can restore an old copy together with an old checkpoint and log, and nothing on this machine would notice.
/// It catches accidents (an operator restoring a backup over a live directory, a lost log tail) and documents the
/// interface a trusted counter (a TPM NV counter) plugs into. Keep it outside the data directory so that copying the
/// directory does not copy the counter.
/// </summary>
public sealed class FileCounter : IMonotonicCounter
{
    private readonly string _path;
    private readonly object _gate = new();
    private ulong _value;

    /// <summary>Opens (or creates at 0) the counter in <paramref name="path"/>.</summary>
    /// <exception cref="DurableStorageException">The file exists but does not hold a counter.</exception>
    public FileCounter(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
        if (File.Exists(_path))
        {
            var bytes = File.ReadAllBytes(_path);
            if (bytes.Length != 16 || !bytes.AsSpan(0, 8).SequenceEqual("BOLTCTR1"u8))
            {
                throw new DurableStorageException(StorageFault.CheckpointCorrupted, $"{_path} is not a Bolt counter file.");
            }

            _value = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8));
        }
    }

    /// <inheritdoc/>
    public string Description => $"file counter {_path} (not rollback-proof)";

    /// <inheritdoc/>
    public ulong Read()
    {
        lock (_gate)
        {
            return _value;
        }
    }

    /// <inheritdoc/>
    public void AdvanceTo(ulong value)
    {
        lock (_gate)
        {
            if (value <= _value)
            {
                return;
            }

            var bytes = new byte[16];
            "BOLTCTR1"u8.CopyTo(bytes);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), value);
            string temporary = _path + ".tmp";
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, _path, overwrite: true);
            DurableFiles.SyncDirectory(Path.GetDirectoryName(_path)!);
            _value = value;
        }
    }
}

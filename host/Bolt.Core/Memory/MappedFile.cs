using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace Bolt.Core.Memory;

/// <summary>
/// A file of a fixed length mapped into memory, of any size (the host region of a durable daemon lives in one: it may
/// exceed RAM and the page cache decides what stays resident). The file is created, or resized and zeroed, when opened.
/// Single owner; <see cref="Dispose"/> unmaps it.
/// </summary>
public sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private byte* _start;

    /// <summary>Maps <paramref name="path"/> as <paramref name="length"/> zero bytes.</summary>
    public MappedFile(string path, long length)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
        {
            file.SetLength(Math.Max(length, 1));
        }

        Path = path;
        Length = length;
        _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, Math.Max(length, 1), MemoryMappedFileAccess.ReadWrite);
        _view = _map.CreateViewAccessor(0, Math.Max(length, 1), MemoryMappedFileAccess.ReadWrite);
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref _start);
        _start += _view.PointerOffset;
    }

    /// <summary>The mapped file.</summary>
    public string Path { get; }

    /// <summary>Bytes mapped.</summary>
    public long Length { get; }

    /// <summary>The first byte's address.</summary>
    public byte* Pointer => _start;

    /// <summary>Zeroes every byte.</summary>
    public void Clear()
    {
        for (long offset = 0; offset < Length; offset += int.MaxValue / 2)
        {
            NativeMemory.Clear(_start + offset, (nuint)Math.Min(int.MaxValue / 2, Length - offset));
        }
    }

    /// <summary>Unmaps the file (its contents stay on disk).</summary>
    public void Dispose()
    {
        if (_start is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _start = null;
        }

        _view.Dispose();
        _map.Dispose();
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Bolt.Core.Memory;

/// <summary>
/// A zeroed array of unmanaged elements in native memory, of any length (managed arrays stop at 2 GiB of bytes
/// for <c>byte[]</c> and burden the GC with multi-GiB objects). The device's large structures — the host region,
/// the position map, the record pool — live in these. Indexing is unchecked in Release builds: callers index
/// with values the engine derived from its own parameters. Single owner; <see cref="Dispose"/> frees it. Arrays of
/// 2 MiB or more are backed by huge pages where the OS offers them (<see cref="LargePageMemory"/>).
/// </summary>
public sealed unsafe class NativeArray<T> : IDisposable
    where T : unmanaged
{
    private T* _items;

    /// <summary>Allocates <paramref name="length"/> zeroed elements.</summary>
    /// <exception cref="OutOfMemoryException">The machine cannot provide the memory.</exception>
    public NativeArray(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        nuint bytes = checked((nuint)length * (nuint)sizeof(T));
        _items = (T*)LargePageMemory.AllocateZeroed(bytes);
        if (bytes > 0)
        {
            GC.AddMemoryPressure(Math.Min((long)bytes, long.MaxValue));
        }
    }

    /// <summary>Frees the memory if the owner forgot to.</summary>
    ~NativeArray() => Free();

    /// <summary>Elements in the array.</summary>
    public long Length { get; }

    /// <summary>Bytes the array occupies.</summary>
    public long ByteLength => Length * sizeof(T);

    /// <summary>The first element's address (for prefetches and views).</summary>
    public T* Pointer => _items;

    /// <summary>The element at <paramref name="index"/>.</summary>
    public ref T this[long index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            System.Diagnostics.Debug.Assert((ulong)index < (ulong)Length);
            return ref _items[index];
        }
    }

    /// <summary><paramref name="count"/> elements from <paramref name="start"/> as a span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<T> Slice(long start, int count)
    {
        System.Diagnostics.Debug.Assert(start >= 0 && count >= 0 && start + count <= Length);
        return new Span<T>(_items + start, count);
    }

    /// <summary>
    /// Has the OS map (and zero) the pages of <paramref name="bytes"/> bytes from byte <paramref name="firstByte"/> now
    /// rather than at their first write; changes no element, so another thread may run it while this one uses the
    /// array (<see cref="MemoryPrefaulter"/>).
    /// </summary>
    public void Populate(long firstByte, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstByte);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstByte + bytes, ByteLength);
        LargePageMemory.Populate((byte*)_items + firstByte, (nuint)bytes);
    }

    /// <summary>Zeroes every element.</summary>
    public void Clear() => NativeMemory.Clear(_items, (nuint)ByteLength);

    /// <summary>Frees the memory; the array must not be used afterwards.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (_items is null)
        {
            return;
        }

        LargePageMemory.Free(_items, (nuint)ByteLength);
        _items = null;
        if (ByteLength > 0)
        {
            GC.RemoveMemoryPressure(ByteLength);
        }
    }
}

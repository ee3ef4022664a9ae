using Bolt.Core.Durability;
using Bolt.Core.Memory;

namespace Bolt.Sim.Engine;

/// <summary>
/// The HBM record pool (SPEC §4): fixed-size slots for HBM-bin items, pending (eviction-buffer) items and
/// stash items, with a LIFO free list whose initial order is pinned so the kernel allocates identically.
/// </summary>
public sealed class RecordPool : IDisposable
{
    private readonly NativeArray<byte> _records;
    private readonly NativeArray<uint> _free;
    private readonly int _slotBytes;
    private int _freeCount;

    /// <summary>Creates a pool of <paramref name="capacity"/> records of <paramref name="slotBytes"/> each.</summary>
    public RecordPool(int capacity, int slotBytes)
    {
        _records = new NativeArray<byte>((long)capacity * slotBytes);
        _free = new NativeArray<uint>(capacity);
        _slotBytes = slotBytes;
        Capacity = capacity;

        // The records are already zero (fresh native memory): clearing them again would touch every page of a pool
        // that a load only partly uses.
        ResetFreeList();
    }

    /// <summary>Records in the pool.</summary>
    public int Capacity { get; }

    /// <summary>Records in use.</summary>
    public int InUse => Capacity - _freeCount;

    /// <summary>The bytes of one record (slot layout).</summary>
    public Span<byte> this[uint record] => _records.Slice((long)record * _slotBytes, _slotBytes);

    /// <summary>Bytes the pool and its free list occupy in HBM.</summary>
    public long Bytes => _records.ByteLength + _free.ByteLength;

    /// <summary>Takes a free record, or returns false when none is left.</summary>
    public bool TryAllocate(out uint record)
    {
        if (_freeCount == 0)
        {
            record = uint.MaxValue;
            return false;
        }

        record = _free[--_freeCount];
        return true;
    }

    /// <summary>Returns a record to the free list; its bytes are cleared so no stale value lingers.</summary>
    public void Free(uint record)
    {
        this[record].Clear();
        _free[_freeCount++] = record;
    }

    /// <summary>Frees every record; the free list returns to its initial order [R−1 … 0].</summary>
    public void Reset()
    {
        _records.Clear();
        ResetFreeList();
    }

    /// <summary>Frees the native memory.</summary>
    public void Dispose()
    {
        _records.Dispose();
        _free.Dispose();
    }

    /// <summary>Writes the records and the free list (entries at and above the free count as zero: nothing reads them) into a checkpoint image.</summary>
    internal unsafe void WriteImage(SealedImageWriter image)
    {
        image.Write(_records.Pointer, _records.ByteLength);
        image.Write(_free.Pointer, (long)_freeCount * sizeof(uint));
        image.Write(new byte[(long)(Capacity - _freeCount) * sizeof(uint)]);
    }

    /// <summary>Free records (the image's BOLT_ST_FREE_COUNT word).</summary>
    internal int FreeCount => _freeCount;

    /// <summary>Restores what <see cref="WriteImage"/> wrote, with the free count from the image's state words.</summary>
    internal unsafe void ReadImage(SealedImageReader image, long freeCount)
    {
        if (freeCount is < 0 || freeCount > Capacity)
        {
            throw image.Corrupted("the free count exceeds the record pool");
        }

        image.Read(_records.Pointer, _records.ByteLength);
        image.Read(_free.Pointer, _free.ByteLength);
        _freeCount = (int)freeCount;
    }

    private void ResetFreeList()
    {
        for (int i = 0; i < Capacity; i++)
        {
            _free[i] = (uint)(Capacity - 1 - i);
        }

        _freeCount = Capacity;
    }
}

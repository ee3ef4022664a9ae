using Bolt.Core.Durability;
using Bolt.Core.Memory;

namespace Bolt.Sim.Engine;

/// <summary>
/// The eviction buffer (SPEC §4): per host page, the records of items whose new home is that page and that
/// wait for the page's next touch, in insertion order. A page's list never exceeds l_max because its bin
/// load counts them.
/// </summary>
public sealed class EvictionBuffer : IDisposable
{
    private readonly int[] _counts;
    private readonly NativeArray<uint> _records;
    private readonly int _perPage;

    /// <summary>Creates empty lists for <paramref name="pages"/> pages of up to <paramref name="perPage"/> entries.</summary>
    public EvictionBuffer(int pages, int perPage)
    {
        _counts = new int[pages];
        _records = new NativeArray<uint>((long)pages * perPage);
        _perPage = perPage;
    }

    /// <summary>Items waiting, over all pages.</summary>
    public int Size { get; private set; }

    /// <summary>The largest <see cref="Size"/> reached.</summary>
    public int MaxSize { get; private set; }

    /// <summary>Items waiting for a page.</summary>
    public int Count(int page) => _counts[page];

    /// <summary>The k-th waiting record of a page.</summary>
    public uint Get(int page, int k) => _records[((long)page * _perPage) + k];

    /// <summary>Bytes the lists occupy in HBM (count and entries per page).</summary>
    public long Bytes => _records.ByteLength + ((long)_counts.Length * sizeof(int));

    /// <summary>Asks the CPU to bring a page's count and list into cache (a hint; changes nothing).</summary>
    public unsafe void Prefetch(int page)
    {
        fixed (int* counts = _counts)
        {
            Prefetcher.Line(counts + page);
        }

        Prefetcher.Line(_records.Pointer + ((long)page * _perPage));
    }

    /// <summary>Adds a record to the end of a page's list.</summary>
    public void Append(int page, uint record)
    {
        _records[((long)page * _perPage) + _counts[page]++] = record;
        if (++Size > MaxSize)
        {
            MaxSize = Size;
        }
    }

    /// <summary>Removes the k-th entry of a page's list, keeping the others in order.</summary>
    public void RemoveAt(int page, int k)
    {
        long start = (long)page * _perPage;
        int count = --_counts[page];
        var list = _records.Slice(start, _perPage);
        list.Slice(k + 1, count - k).CopyTo(list[k..]);
        Size--;
    }

    /// <summary>Empties a page's list after its items were merged into the page.</summary>
    public void Clear(int page)
    {
        Size -= _counts[page];
        _counts[page] = 0;
    }

    /// <summary>Empties every list and forgets the maximum.</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        Size = 0;
        MaxSize = 0;
    }

    /// <summary>Frees the native memory.</summary>
    public void Dispose() => _records.Dispose();

    /// <summary>Writes the lists in the kernel's layout: per page its count, then l_max entries (those past the count as zero).</summary>
    internal void WriteImage(SealedImageWriter image)
    {
        var list = new byte[(_perPage + 1) * sizeof(uint)];
        for (int page = 0; page < _counts.Length; page++)
        {
            Array.Clear(list);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(list, (uint)_counts[page]);
            for (int k = 0; k < _counts[page]; k++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(list.AsSpan((k + 1) * sizeof(uint)), Get(page, k));
            }

            image.Write(list);
        }
    }

    /// <summary>Restores what <see cref="WriteImage"/> wrote; the statistic <see cref="MaxSize"/> restarts from the size now.</summary>
    internal void ReadImage(SealedImageReader image)
    {
        var list = new byte[(_perPage + 1) * sizeof(uint)];
        Size = 0;
        for (int page = 0; page < _counts.Length; page++)
        {
            image.Read(list);
            uint count = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(list);
            if (count > (uint)_perPage)
            {
                throw image.Corrupted($"page {page}'s pending list is longer than a bin");
            }

            _counts[page] = (int)count;
            Size += (int)count;
            for (int k = 0; k < _perPage; k++)
            {
                _records[((long)page * _perPage) + k] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(list.AsSpan((k + 1) * sizeof(uint)));
            }
        }

        MaxSize = Size;
    }
}

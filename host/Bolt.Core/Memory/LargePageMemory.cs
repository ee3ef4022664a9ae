using System.Runtime.InteropServices;

namespace Bolt.Core.Memory;

/// <summary>
/// Zeroed native memory for the device's large structures, backed by 2 MiB transparent huge pages on Linux. The
/// simulator reads its position map, host pages and record pool at random; with 4 KiB pages almost every such read
/// also misses the TLB once a map outgrows a few MiB, and that walk costs as much as the cache miss itself. Huge
/// pages cover 512 times more memory per TLB entry and fault in 512 times fewer times at load. Elsewhere, or when
/// the kernel refuses, this is plain <see cref="NativeMemory.AllocZeroed(nuint)"/>. Memory from here is freed with
/// <see cref="Free"/> and the same size.
/// </summary>
internal static unsafe partial class LargePageMemory
{
    /// <summary>The huge-page size; smaller blocks gain nothing and stay on the C heap.</summary>
    private const nuint HugePageBytes = 2 << 20;

    /// <summary>The base page size: the unit a fault maps when huge pages are not in use.</summary>
    private const nuint PageBytes = 4096;

    private const int ProtReadWrite = 0x1 | 0x2;
    private const int MapPrivateAnonymous = 0x02 | 0x20;
    private const int AdviseHugePage = 14;

    /// <summary>Allocates <paramref name="bytes"/> zeroed bytes.</summary>
    /// <exception cref="InsufficientMemoryException">The machine cannot provide the memory.</exception>
    public static void* AllocateZeroed(nuint bytes)
    {
        if (!UsesMap(bytes))
        {
            return NativeMemory.AllocZeroed(Math.Max(bytes, 1));
        }

        // Anonymous mappings are zero-filled on first touch, so the load pays for the pages it writes, not for
        // a memset of the whole region. The advice is a hint: a kernel without THP just ignores it.
        void* block = Map(null, bytes, ProtReadWrite, MapPrivateAnonymous, -1, 0);
        if (block == (void*)-1)
        {
            throw new InsufficientMemoryException($"The machine could not map {bytes} bytes for the device's memory.");
        }

        _ = Advise(block, bytes, AdviseHugePage);
        return block;
    }

    /// <summary>Frees memory from <see cref="AllocateZeroed"/> of <paramref name="bytes"/> bytes.</summary>
    public static void Free(void* block, nuint bytes)
    {
        if (UsesMap(bytes))
        {
            _ = Unmap(block, bytes);
        }
        else
        {
            NativeMemory.Free(block);
        }
    }

    /// <summary>
    /// Faults in the pages of <paramref name="bytes"/> bytes from <paramref name="block"/> (inside memory from
    /// <see cref="AllocateZeroed"/>) as a write would, without changing a byte: an atomic add of zero to one word of
    /// each 4 KiB page is a write, so the kernel maps (and zeroes) the page now, or the whole huge page around it, and a
    /// concurrent writer's bytes survive it. Safe while other threads use the memory.
    /// </summary>
    /// <remarks>
    /// Not <c>madvise(MADV_POPULATE_WRITE)</c>: that call holds the process's memory-map lock for its whole range, so every
    /// mmap, munmap and mprotect meanwhile (the JIT publishing code, the GC growing its heap, a new array) waits for it.
    /// On a virtual machine whose host backs each fresh page on demand (about 2 ms per MiB), the loading thread and the
    /// JIT stalled for tens of milliseconds at a time. A page fault takes only its own mapping's lock.
    /// </remarks>
    public static void Populate(void* block, nuint bytes)
    {
        byte* start = (byte*)block;
        byte* end = start + bytes;
        for (byte* page = (byte*)((nuint)start & ~(PageBytes - 1)); page < end; page += PageBytes)
        {
            // The first whole aligned word of the page that lies inside the range (a hint: a page whose part in the
            // range holds no whole word is left to fault on its first write).
            byte* word = (byte*)(((nuint)Math.Max((nuint)page, (nuint)start) + 7) & ~(nuint)7);
            if (word + sizeof(long) <= end)
            {
                Interlocked.Add(ref *(long*)word, 0);
            }
        }
    }

    private static bool UsesMap(nuint bytes) => bytes >= HugePageBytes && OperatingSystem.IsLinux();

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial void* Map(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Advise(void* address, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Unmap(void* address, nuint length);
}

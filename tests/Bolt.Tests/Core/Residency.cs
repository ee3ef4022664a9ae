using System.Runtime.InteropServices;
using Bolt.Core.Memory;

namespace Bolt.Tests.Core;

/// <summary>How much of a native array the kernel has mapped (Linux mincore): what faulting in ahead of use leaves behind.</summary>
internal static unsafe partial class Residency
{
    private const int PageBytes = 4096;

    /// <summary>The fraction of the array's 4 KiB pages that are resident, or −1 where the OS cannot say.</summary>
    public static double Of<T>(NativeArray<T> array)
        where T : unmanaged
    {
        if (!OperatingSystem.IsLinux())
        {
            return -1;
        }

        // mincore wants a page-aligned start; the arrays measured here are mmap'd, so they are.
        long pages = (array.ByteLength + PageBytes - 1) / PageBytes;
        var vector = new byte[pages];
        fixed (byte* v = vector)
        {
            if (MemoryInCore(array.Pointer, (nuint)array.ByteLength, v) != 0)
            {
                throw new InvalidOperationException($"mincore failed: errno {Marshal.GetLastPInvokeError()}.");
            }
        }

        return vector.Count(b => (b & 1) != 0) / (double)pages;
    }

    /// <summary>Polls until the array is wholly resident or <paramref name="timeout"/> passes; returns the last fraction.</summary>
    public static double WaitForAll<T>(NativeArray<T> array, TimeSpan timeout)
        where T : unmanaged
    {
        var deadline = DateTime.UtcNow + timeout;
        double resident;
        while ((resident = Of(array)) < 1 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        return resident;
    }

    [LibraryImport("libc", EntryPoint = "mincore", SetLastError = true)]
    private static partial int MemoryInCore(void* address, nuint length, byte* vector);
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Bolt.Sim.Engine;

/// <summary>
/// Software prefetch hints. The simulator's working set (position map, pages) outgrows the CPU caches from about
/// 2^22 keys on, and each access makes several dependent random reads of it; asking for the next access's lines
/// while this one runs hides that latency. A hint never changes what the engine computes.
/// </summary>
internal static unsafe class Prefetcher
{
    private const int LineBytes = 64;

    /// <summary>Prefetches the cache line holding <paramref name="address"/> into every level.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Line(void* address)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(address);
        }
    }

    /// <summary>Prefetches every cache line of <paramref name="bytes"/> bytes from <paramref name="address"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Range(byte* address, int bytes)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        // From the line that holds the first byte to the one that holds the last: a range that does not start on a
        // line boundary spans one line more than bytes / 64.
        byte* end = address + bytes;
        for (byte* line = (byte*)((nuint)address & ~(nuint)(LineBytes - 1)); line < end; line += LineBytes)
        {
            Sse.Prefetch0(line);
        }
    }
}

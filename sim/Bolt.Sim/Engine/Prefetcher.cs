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

        for (int offset = 0; offset < bytes; offset += LineBytes)
        {
            Sse.Prefetch0(address + offset);
        }
    }
}

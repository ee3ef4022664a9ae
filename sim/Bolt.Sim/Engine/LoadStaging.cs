using Bolt.Core.Memory;

namespace Bolt.Sim.Engine;

/// <summary>
/// The plaintext bodies of every host page while a bulk load is placing items (SPEC §7), kept in device memory
/// (HBM on the board): the host region holds nothing of the load until each page is sealed, in page order, when the
/// load completes. Placing slots straight into host pages would leave digests and values in host memory between
/// the parts of a streamed load, and tie each load item to its bin by the write address.
/// </summary>
internal sealed unsafe class LoadStaging : IDisposable
{
    private readonly NativeArray<byte> _bodies;
    private readonly int _bodyBytes;

    /// <summary>Zeroed bodies for <paramref name="pages"/> pages of <paramref name="bodyBytes"/> each.</summary>
    public LoadStaging(int pages, int bodyBytes)
    {
        _bodyBytes = bodyBytes;
        _bodies = new NativeArray<byte>((long)pages * bodyBytes);
    }

    /// <summary>The staged plaintext body of a page.</summary>
    public Span<byte> Body(int page) => _bodies.Slice((long)page * _bodyBytes, _bodyBytes);

    /// <summary>Asks the CPU for the cache line at <paramref name="offset"/> of a page's staged body (a hint).</summary>
    public void PrefetchBody(int page, int offset) => Prefetcher.Line(_bodies.Pointer + ((long)page * _bodyBytes) + offset);

    /// <summary>The bodies' memory (for faulting it in ahead of the load's writes).</summary>
    public NativeArray<byte> Bodies => _bodies;

    /// <summary>Frees the staging memory.</summary>
    public void Dispose() => _bodies.Dispose();
}

namespace Bolt.Security.Tamper;

/// <summary>
/// What a host-memory attacker can reach: the device's host region, page by page, and every old version
/// of each page it has seen written (an attacker on the host keeps copies to replay later).
/// </summary>
public sealed class TamperTarget
{
    private readonly HostRegion _region;
    private readonly Queue<byte[]>[] _history;
    private readonly int _depth;

    /// <summary>Creates the view; <paramref name="region"/> returns the device's host memory.</summary>
    public TamperTarget(HostRegion region, int pages, int pageBytes, int historyDepth)
    {
        _region = region;
        Pages = pages;
        PageBytes = pageBytes;
        _depth = historyDepth;
        _history = new Queue<byte[]>[pages];
        for (int p = 0; p < pages; p++)
        {
            _history[p] = new Queue<byte[]>(historyDepth + 1);
        }
    }

    /// <summary>Host pages.</summary>
    public int Pages { get; }

    /// <summary>Bytes of one page.</summary>
    public int PageBytes { get; }

    /// <summary>The bytes of page <paramref name="page"/> in host memory, as the host sees and may change them.</summary>
    public Span<byte> Page(int page) => _region().Slice(page * PageBytes, PageBytes);

    /// <summary>Copies the page's current bytes into its history (call after the device writes it).</summary>
    public void Remember(int page)
    {
        var queue = _history[page];
        if (queue.Count > _depth)
        {
            queue.Dequeue();
        }

        queue.Enqueue(Page(page).ToArray());
    }

    /// <summary>An old version of the page that differs from its current bytes, or null if none was seen.</summary>
    public byte[]? StaleVersion(int page, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var current = Page(page).ToArray();
        var stale = _history[page].Where(v => !current.SequenceEqual(v)).ToArray();
        return stale.Length == 0 ? null : stale[random.Next(stale.Length)];
    }
}

using Bolt.Core.Trace;

namespace Bolt.Security.Games;

/// <summary>
/// A trace sink that keeps, per op of the current batch, the pages of its first two reads: the ordered page
/// pair the host sees for that access (SPEC §6 reads page1, then page2).
/// </summary>
internal sealed class OpPageRecorder(int pageBytes) : ITraceSink
{
    private readonly Dictionary<long, (int First, int Second)> _pairs = [];

    /// <summary>The op's ordered page pair, or null when the op read no page.</summary>
    public (int First, int Second)? Pair(long op) =>
        _pairs.TryGetValue(op, out var pair) && pair.Second >= 0 ? pair : null;

    public void Record(in TraceRow row)
    {
        if (row.Kind != TraceKind.R || row.Op < 0)
        {
            return;
        }

        int page = (int)(row.Address / pageBytes);
        if (!_pairs.TryGetValue(row.Op, out var pair))
        {
            _pairs[row.Op] = (page, -1);
        }
        else if (pair.Second < 0)
        {
            _pairs[row.Op] = (pair.First, page);
        }
    }

    public void Clear() => _pairs.Clear();
}

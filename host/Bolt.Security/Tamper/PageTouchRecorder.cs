using Bolt.Core.Trace;

namespace Bolt.Security.Tamper;

/// <summary>A trace sink that keeps the pages the current batch read and wrote: the campaign's view of where its tampering will be seen.</summary>
internal sealed class PageTouchRecorder(int pageBytes) : ITraceSink
{
    public HashSet<int> Reads { get; } = [];

    public HashSet<int> Writes { get; } = [];

    /// <summary>Every page read, in order, with its op: the ordered page pair of each access.</summary>
    public List<(long Op, int Page)> ReadOrder { get; } = [];

    public void Record(in TraceRow row)
    {
        if (row.Kind == TraceKind.R)
        {
            Reads.Add((int)(row.Address / pageBytes));
            ReadOrder.Add((row.Op, (int)(row.Address / pageBytes)));
        }
        else if (row.Kind == TraceKind.W)
        {
            Writes.Add((int)(row.Address / pageBytes));
        }
    }

    /// <summary>The ordered page pairs of the accesses since the last <see cref="Clear"/>: each op's first two reads.</summary>
    public IEnumerable<(int First, int Second)> Pairs()
    {
        for (int i = 0; i + 1 < ReadOrder.Count; i++)
        {
            if (ReadOrder[i].Op == ReadOrder[i + 1].Op)
            {
                yield return (ReadOrder[i].Page, ReadOrder[i + 1].Page);
                i++;
            }
        }
    }

    public void Clear()
    {
        Reads.Clear();
        Writes.Clear();
        ReadOrder.Clear();
    }
}

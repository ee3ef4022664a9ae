using Bolt.Core.Trace;

namespace Bolt.Security.Tamper;

/// <summary>A trace sink that keeps the pages the current batch read and wrote: the campaign's view of where its tampering will be seen.</summary>
internal sealed class PageTouchRecorder(int pageBytes) : ITraceSink
{
    public HashSet<int> Reads { get; } = [];

    public HashSet<int> Writes { get; } = [];

    public void Record(in TraceRow row)
    {
        if (row.Kind == TraceKind.R)
        {
            Reads.Add((int)(row.Address / pageBytes));
        }
        else if (row.Kind == TraceKind.W)
        {
            Writes.Add((int)(row.Address / pageBytes));
        }
    }

    public void Clear()
    {
        Reads.Clear();
        Writes.Clear();
    }
}

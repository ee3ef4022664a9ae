namespace Bolt.Core.Trace;

/// <summary>An in-memory trace, for tests, co-simulation and the leakage suite.</summary>
public sealed class TraceBuffer : ITraceSink
{
    private readonly List<TraceRow> _rows = [];

    /// <summary>The rows recorded so far, in issue order.</summary>
    public IReadOnlyList<TraceRow> Rows => _rows;

    /// <inheritdoc/>
    public void Record(in TraceRow row) => _rows.Add(row);

    /// <summary>Forgets every row.</summary>
    public void Clear() => _rows.Clear();
}

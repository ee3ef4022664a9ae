namespace Bolt.Core.Trace;

/// <summary>Reads the public trace CSV back (for the leakage suite and co-simulation).</summary>
public static class CsvTraceReader
{
    /// <summary>Parses every row of a trace file.</summary>
    /// <exception cref="FormatException">The header or a row does not follow docs/design.md §5.</exception>
    public static List<TraceRow> Read(TextReader reader)
    {
        var header = reader.ReadLine();
        if (header != CsvTraceWriter.Header)
        {
            throw new FormatException($"Not a Bolt trace: header is '{header}', expected '{CsvTraceWriter.Header}'.");
        }

        var rows = new List<TraceRow>();
        int lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var parts = line.Split(',');
            if (parts.Length != 5 || !TryKind(parts[2], out var kind))
            {
                throw new FormatException($"Trace line {lineNumber} is malformed: '{line}'.");
            }

            rows.Add(new TraceRow(long.Parse(parts[0]), long.Parse(parts[1]), kind, long.Parse(parts[3]), int.Parse(parts[4])));
        }

        return rows;
    }

    private static bool TryKind(string text, out TraceKind kind)
    {
        (bool ok, kind) = text switch
        {
            "R" => (true, TraceKind.R),
            "W" => (true, TraceKind.W),
            "CMD" => (true, TraceKind.CMD),
            "RSP" => (true, TraceKind.RSP),
            _ => (false, TraceKind.R),
        };
        return ok;
    }
}

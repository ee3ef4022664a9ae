using System.Buffers.Text;
using System.Text;

namespace Bolt.Core.Trace;

/// <summary>
/// Writes the public trace CSV (docs/design.md §5) with header <c>op,cycle,kind,address,bytes</c>. Rows are
/// formatted straight into a byte buffer: a 10^6-op trace is millions of rows.
/// </summary>
public sealed class CsvTraceWriter : ITraceSink, IDisposable
{
    /// <summary>The header line of the format.</summary>
    public const string Header = "op,cycle,kind,address,bytes";

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _used;

    /// <summary>Writes to a stream, which the writer owns and disposes.</summary>
    public CsvTraceWriter(Stream stream)
    {
        _stream = stream;
        var header = Encoding.ASCII.GetBytes(Header + "\n");
        header.CopyTo(_buffer, 0);
        _used = header.Length;
    }

    /// <inheritdoc/>
    public void Record(in TraceRow row)
    {
        if (_buffer.Length - _used < 128)
        {
            Flush();
        }

        var span = _buffer.AsSpan(_used);
        int n = 0;
        n += Format(row.Op, span[n..]);
        span[n++] = (byte)',';
        n += Format(row.Cycle, span[n..]);
        span[n++] = (byte)',';
        n += Encoding.ASCII.GetBytes(KindName(row.Kind), span[n..]);
        span[n++] = (byte)',';
        n += Format(row.Address, span[n..]);
        span[n++] = (byte)',';
        n += Format(row.Bytes, span[n..]);
        span[n++] = (byte)'\n';
        _used += n;
    }

    /// <summary>The CSV spelling of a kind.</summary>
    public static string KindName(TraceKind kind) => kind switch
    {
        TraceKind.R => "R",
        TraceKind.W => "W",
        TraceKind.CMD => "CMD",
        _ => "RSP",
    };

    /// <summary>Writes buffered rows to the stream.</summary>
    public void Flush()
    {
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Flush();
        _stream.Dispose();
    }

    private static int Format(long value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out int written);
        return written;
    }
}

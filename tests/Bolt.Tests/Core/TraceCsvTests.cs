using System.Text;
using Bolt.Core.Trace;
using Xunit;

namespace Bolt.Tests.Core;

public sealed class TraceCsvTests
{
    [Fact]
    public void Rows_round_trip_through_the_public_csv_format()
    {
        var rows = new[]
        {
            new TraceRow(-1, 0, TraceKind.CMD, 0, 4800),
            new TraceRow(-1, 512, TraceKind.W, 960, 480),
            new TraceRow(7, 123456789012, TraceKind.R, 50_331_168, 480),
            new TraceRow(7, 123456789999, TraceKind.RSP, 0, 32),
        };
        var stream = new MemoryStream();
        using (var writer = new CsvTraceWriter(new NonClosing(stream)))
        {
            foreach (var row in rows)
            {
                writer.Record(row);
            }
        }

        var text = Encoding.ASCII.GetString(stream.ToArray());
        Assert.StartsWith("op,cycle,kind,address,bytes\n-1,0,CMD,0,4800\n", text, StringComparison.Ordinal);
        Assert.Equal(rows, CsvTraceReader.Read(new StringReader(text)));
    }

    [Fact]
    public void A_file_that_is_not_a_trace_is_refused()
    {
        Assert.Throws<FormatException>(() => CsvTraceReader.Read(new StringReader("a,b\n")));
        Assert.Throws<FormatException>(() => CsvTraceReader.Read(new StringReader("op,cycle,kind,address,bytes\n1,2,X,3,4\n")));
    }

    private sealed class NonClosing(Stream inner) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}

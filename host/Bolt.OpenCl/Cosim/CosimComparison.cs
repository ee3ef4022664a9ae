using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Trace;

namespace Bolt.OpenCl.Cosim;

/// <summary>
/// Compares a device's run with the reference run, bit for bit: every response record, every trace row
/// (op, kind, address, bytes — and the cycle, exactly: the kernel's schedule is an integer port of the
/// simulator's, so the tolerance is zero), and the final host memory.
/// </summary>
public sealed record CosimComparison(string Device, bool ResponsesEqual, bool TraceEqual, bool CyclesEqual, bool HostMemoryEqual, Divergence? FirstDivergence)
{
    /// <summary>
    /// Compares the sealed bytes of two sealed-path runs: the device hello and every response frame, byte for byte.
    /// Returns null when they are equal.
    /// </summary>
    public static Divergence? CompareFrames(DeviceRun reference, DeviceRun actual)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(actual);
        int at = reference.Frames.AsSpan().CommonPrefixLength(actual.Frames);
        if (at == reference.Frames.Length && at == actual.Frames.Length)
        {
            return null;
        }

        return new Divergence(actual.Device, "sealed-frame", at,
            at < reference.Frames.Length ? $"0x{reference.Frames[at]:x2} ({reference.Frames.Length} bytes)" : $"end ({reference.Frames.Length} bytes)",
            at < actual.Frames.Length ? $"0x{actual.Frames[at]:x2} ({actual.Frames.Length} bytes)" : $"end ({actual.Frames.Length} bytes)");
    }

    /// <summary>Compares <paramref name="actual"/> with <paramref name="reference"/>.</summary>
    public static CosimComparison Compare(DeviceRun reference, DeviceRun actual, BoltParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(parameters);
        var response = FirstResponseDifference(reference, actual, parameters.ResponseBytes);
        var (trace, cycle) = FirstTraceDifferences(reference, actual);
        var host = FirstHostDifference(reference, actual, parameters.PageBytes);
        return new CosimComparison(actual.Device, response is null, trace is null, cycle is null, host is null, response ?? trace ?? cycle ?? host);
    }

    /// <summary>Compares only the response records of <paramref name="actual"/> with <paramref name="reference"/>'s (traces and host memory count as equal).</summary>
    public static CosimComparison CompareResponses(DeviceRun reference, DeviceRun actual, BoltParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(parameters);
        var response = FirstResponseDifference(reference, actual, parameters.ResponseBytes);
        return new CosimComparison(actual.Device, response is null, true, true, true, response);
    }

    private static Divergence? FirstResponseDifference(DeviceRun reference, DeviceRun actual, int stride)
    {
        if (reference.Responses.Length != actual.Responses.Length)
        {
            return new Divergence(actual.Device, "response-length", 0, $"{reference.Responses.Length} bytes", $"{actual.Responses.Length} bytes");
        }

        int at = reference.Responses.AsSpan().CommonPrefixLength(actual.Responses);
        if (at == reference.Responses.Length)
        {
            return null;
        }

        int op = at / stride;
        return new Divergence(actual.Device, "response", op, Describe(reference.Responses.AsSpan(op * stride, stride)), Describe(actual.Responses.AsSpan(op * stride, stride)));
    }

    private static (Divergence? Trace, Divergence? Cycle) FirstTraceDifferences(DeviceRun reference, DeviceRun actual)
    {
        Divergence? trace = null, cycle = null;
        int rows = Math.Min(reference.Trace.Count, actual.Trace.Count);
        for (int i = 0; i < rows && trace is null; i++)
        {
            var e = reference.Trace[i];
            var a = actual.Trace[i];
            if (e with { Cycle = 0 } != a with { Cycle = 0 })
            {
                trace = new Divergence(actual.Device, "trace", i, Describe(e), Describe(a));
            }
            else if (e.Cycle != a.Cycle && cycle is null)
            {
                cycle = new Divergence(actual.Device, "trace-cycle", i, Describe(e), Describe(a));
            }
        }

        if (trace is null && reference.Trace.Count != actual.Trace.Count)
        {
            trace = new Divergence(actual.Device, "trace-length", rows, $"{reference.Trace.Count} rows", $"{actual.Trace.Count} rows");
        }

        return (trace, cycle);
    }

    private static Divergence? FirstHostDifference(DeviceRun reference, DeviceRun actual, int pageBytes)
    {
        if (reference.HostMemory.Length != actual.HostMemory.Length)
        {
            return new Divergence(actual.Device, "host-memory", 0, $"{reference.HostMemory.Length} bytes", $"{actual.HostMemory.Length} bytes");
        }

        int at = reference.HostMemory.AsSpan().CommonPrefixLength(actual.HostMemory);
        return at == reference.HostMemory.Length ? null
            : new Divergence(actual.Device, "host-memory", at, $"0x{reference.HostMemory[at]:x2} (page {at / pageBytes}, offset {at % pageBytes})", $"0x{actual.HostMemory[at]:x2}");
    }

    private static string Describe(ReadOnlySpan<byte> response) =>
        $"{ResponseLayout.ReadStatus(response)} present={ResponseLayout.ReadWasPresent(response)} value={Convert.ToHexString(ResponseLayout.ReadValue(response))}";

    private static string Describe(TraceRow row) => $"{row.Op},{row.Cycle},{CsvTraceWriter.KindName(row.Kind)},{row.Address},{row.Bytes}";
}

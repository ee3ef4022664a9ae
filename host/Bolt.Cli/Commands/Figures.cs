using Bolt.Core;
using Bolt.Core.Channel;

namespace Bolt.Cli.Commands;

/// <summary>
/// The words every command uses for what the host sees, so `info`, `ycsb` and `demo` mean the same thing by the
/// same name. Bytes are per op, counted on the PCIe link between host memory and the device.
/// </summary>
internal static class Figures
{
    /// <summary>Sealed host pages read and written: two pages per op, each read then re-sealed and written back.</summary>
    public const string PageBytes = "page bytes per op";

    /// <summary>Sealed command and response frames: one record each way per op, plus each frame's header and tag shared by its batch.</summary>
    public const string FrameBytes = "frame bytes per op";

    /// <summary>Everything the host moves for an op: page bytes + frame bytes.</summary>
    public const string HostBytes = "host bytes per op";

    /// <summary>Answers whose content differs from the reference dictionary (a wrong value, a wrong present/absent): must be 0.</summary>
    public const string Mismatches = "mismatches";

    /// <summary>Answers with an error status (not found, refused, integrity): must be 0 for a YCSB run, whose keys are all loaded.</summary>
    public const string Errors = "errors";

    /// <summary>Page bytes per op of a configuration: two page touches, each a read and a write.</summary>
    public static long PageBytesPerOp(BoltParameters p) => 4L * p.PageBytes;

    /// <summary>Frame bytes per op at <paramref name="batch"/> requests per frame.</summary>
    public static double FrameBytesPerOp(BoltParameters p, int batch) =>
        (FrameLayout.Bytes(batch, p.CommandBytes) + FrameLayout.Bytes(batch, p.ResponseBytes)) / (double)batch;
}

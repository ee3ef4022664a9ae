namespace Bolt.Core.Device;

using Bolt.Core.Trace;

/// <summary>
/// The accelerator as the host runtime sees it: it takes batches of fixed-size command records and answers
/// with response records (SPEC §8). The simulator and the OpenCL kernel both implement this contract.
/// </summary>
public interface IBoltDevice : IDisposable
{
    /// <summary>A short name for reports (e.g. "sim", "opencl:pocl").</summary>
    string Name { get; }

    /// <summary>The parameters the device was created with.</summary>
    BoltParameters Parameters { get; }

    /// <summary>
    /// Device-side initialisation with an optional bulk load of distinct items given as Put command records
    /// (SPEC §7). Must be called exactly once, before <see cref="Execute"/>.
    /// </summary>
    /// <exception cref="BulkLoadException">The load was invalid or overflowed; the device stays empty.</exception>
    void Initialise(ReadOnlySpan<byte> putRecords);

    /// <summary>Serves a batch of command records; writes one response record per command, in order.</summary>
    /// <exception cref="ArgumentException">The buffers are not whole records of matching count.</exception>
    void Execute(ReadOnlySpan<byte> commands, Span<byte> responses);

    /// <summary>
    /// The untrusted host-memory region holding the sealed pages. The host owns it, so it may read or change
    /// it at will; the device authenticates everything it reads back.
    /// </summary>
    Span<byte> HostMemory { get; }

    /// <summary>Where host-visible transactions are recorded (DESIGN §5); null records nothing.</summary>
    ITraceSink? Trace { get; set; }
}

namespace Bolt.Core.Device;

/// <summary>
/// A device's plaintext record port: bulk load and batches of command records answered by response records
/// (SPEC §7, §8). Every <see cref="IBoltDevice"/> has one behind its sealed channel; the benchmark's comparison
/// models (BOLT's published rule, a non-oblivious baseline) are record ports only, so the same workload driver
/// measures all of them.
/// </summary>
public interface IRecordPort
{
    /// <summary>A short name for reports (e.g. "sim", "opencl:pocl").</summary>
    string Name { get; }

    /// <summary>The parameters the device was created with.</summary>
    BoltParameters Parameters { get; }

    /// <summary>
    /// Device-side initialisation with an optional bulk load of distinct items given as plaintext Put command
    /// records (SPEC §7). Must be called exactly once, before the first command. Test and co-simulation port.
    /// </summary>
    /// <exception cref="BulkLoadException">The load was invalid or overflowed; the device stays empty.</exception>
    void Initialise(ReadOnlySpan<byte> putRecords);

    /// <summary>
    /// One part of a bulk load streamed in several pieces: the items are placed now, numbered after those of
    /// earlier parts, and the load completes with the <see cref="Initialise"/> call that carries the last part
    /// (possibly empty). Lets a load of any size travel in bounded buffers. Test and co-simulation port.
    /// </summary>
    /// <exception cref="BulkLoadException">The part was invalid or overflowed; the device is empty again.</exception>
    void InitialisePart(ReadOnlySpan<byte> putRecords);

    /// <summary>Serves a batch of plaintext command records; writes one response record per command, in order. Test and co-simulation port.</summary>
    /// <exception cref="ArgumentException">The buffers are not whole records of matching count.</exception>
    void Execute(ReadOnlySpan<byte> commands, Span<byte> responses);

}

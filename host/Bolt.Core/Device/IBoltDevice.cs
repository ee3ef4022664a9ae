namespace Bolt.Core.Device;

using Bolt.Core.Trace;

/// <summary>
/// The accelerator as the host runtime sees it: it takes batches of fixed-size command records and answers
/// with response records (SPEC §8). The simulator and the OpenCL kernel both implement this contract.
/// <para>
/// The product path is the sealed channel (SPEC §10): <see cref="OpenSession"/>, <see cref="InitialiseSealed"/>
/// and <see cref="ExecuteSealed"/> carry only AES-GCM frames, which the untrusted host relays without being able
/// to read or alter them. <see cref="IRecordPort.Initialise"/> and <see cref="IRecordPort.Execute"/> take plaintext records: they are the
/// device's record port behind the channel, exposed for tests, workload drivers that measure the device itself
/// and co-simulation against the kernel; an enclave client never uses them.
/// </para>
/// </summary>
public interface IBoltDevice : IRecordPort, IDisposable
{
    /// <summary>
    /// Opens a sealed-channel session (SPEC §10): reads the client hello (the client's nonce) and writes the
    /// device hello (session id, device nonce, key confirmation).
    /// </summary>
    /// <exception cref="Bolt.Core.ChannelViolationException">The client hello is malformed.</exception>
    void OpenSession(ReadOnlySpan<byte> clientHello, Span<byte> deviceHello);

    /// <summary>
    /// <see cref="IRecordPort.Initialise"/> from a sealed load frame, or <see cref="IRecordPort.InitialisePart"/> from a sealed load-part
    /// frame (SPEC §7: a load of any size is a sequence of part frames closed by a load frame). The whole frame
    /// is authenticated before any item is placed.
    /// </summary>
    /// <exception cref="Bolt.Core.ChannelViolationException">The frame was rejected; nothing changed.</exception>
    /// <exception cref="BulkLoadException">The load was invalid or overflowed; the device stays empty.</exception>
    void InitialiseSealed(ReadOnlySpan<byte> loadFrame);

    /// <summary>
    /// Serves a sealed command frame and writes the sealed response frame. The whole frame is authenticated
    /// before any record runs; a rejected frame changes nothing and does not advance the session.
    /// </summary>
    /// <returns>The length of the response frame written.</returns>
    /// <exception cref="Bolt.Core.ChannelViolationException">The frame was rejected; nothing changed.</exception>
    /// <exception cref="ArgumentException">The response buffer cannot hold the response frame.</exception>
    int ExecuteSealed(ReadOnlySpan<byte> commandFrame, Span<byte> responseFrame);

    /// <summary>
    /// Serves several sealed command frames, of any sessions, in one device call (multi-frame submission): in order,
    /// each under its own session as <see cref="ExecuteSealed"/> would, each frame's answer or refusal recorded in
    /// <paramref name="batch"/>. The default serves them one by one; a device whose calls cost something per call
    /// (a kernel launch, a host turnaround) pays that once for the batch.
    /// </summary>
    /// <exception cref="ArgumentException">A response buffer cannot hold its response frame.</exception>
    void ExecuteSealedFrames(SealedFrameBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        for (int i = 0; i < batch.Count; i++)
        {
            batch.Serve(i, this);
        }
    }

    /// <summary>
    /// The untrusted host-memory region holding the sealed pages, any size (<see cref="HostRegion"/>). The host
    /// owns it, so it may read or change it at will; the device authenticates everything it reads back.
    /// </summary>
    HostRegion HostMemory { get; }

    /// <summary>
    /// The device's public status record: the only device state the host runtime may read (counters the host could
    /// tally itself). Everything else stays in device-private memory.
    /// </summary>
    DevicePublicStatus PublicStatus { get; }

    /// <summary>Where host-visible transactions are recorded (docs/design.md §5); null records nothing.</summary>
    ITraceSink? Trace { get; set; }
}

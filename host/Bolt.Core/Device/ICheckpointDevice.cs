namespace Bolt.Core.Device;

/// <summary>
/// A device that can export its whole private state as a sealed checkpoint (hardware/SPEC.md §12) and counts its
/// commits. Restoring is the device type's own factory (the simulator's <c>SimulatedDevice.Restore</c>), since a
/// restored device continues the checkpoint's lifetime rather than drawing a new one.
/// </summary>
public interface ICheckpointDevice : IBoltDevice
{
    /// <summary>
    /// State changes the device has accepted over its whole history, across restarts: sessions opened, load frames and
    /// command frames executed (not retransmissions or rejected frames). Public: the host can count them itself.
    /// </summary>
    ulong CommitNumber { get; }

    /// <summary>
    /// A bulk load has placed items but not yet sealed its pages: their plaintexts are in device memory, which no
    /// checkpoint holds (a checkpoint never carries plaintext), so checkpoints wait until the load completes; the log
    /// holds the load's parts until then.
    /// </summary>
    bool LoadInProgress { get; }

    /// <summary>
    /// Forgets a streamed bulk load that has not had its last part: the device holds no map again, as before the load's
    /// first part, and its commit number stays where it is (the counter never has to move back). Recovery calls it when
    /// the log ends inside a load: a crash cut the load before its last part, so it was never acknowledged and the client
    /// loads again. Does nothing when no load is in progress.
    /// </summary>
    void AbandonLoad();

    /// <summary>The device's public id (<see cref="Durability.CheckpointKeys.DeviceId"/>), named in checkpoint and log headers.</summary>
    ReadOnlySpan<byte> DeviceId { get; }

    /// <summary>Plaintext bytes of this device's checkpoint image: fixed by the parameters.</summary>
    long CheckpointImageBytes { get; }

    /// <summary>
    /// Writes a checkpoint file: the header, the sealed image of every private structure, and a copy of the host region.
    /// The work and the size depend only on the parameters. The device is unchanged.
    /// </summary>
    /// <param name="destination">The file, positioned at its start.</param>
    /// <param name="number">The checkpoint's number.</param>
    /// <param name="counter">The monotonic counter's value the checkpoint is bound to.</param>
    /// <returns>The header written.</returns>
    Durability.CheckpointHeader WriteCheckpoint(Stream destination, ulong number, ulong counter);

    /// <summary>
    /// Moves the device to a new lifetime <paramref name="lifetime"/> (a fresh nonce, hardware/SPEC.md §12): what it draws and
    /// seals from now on derives from the new lifetime key, and every sealed host page is re-sealed under it. A recovery
    /// calls it after replaying the log, so nothing the device does after a restart reuses a PRNG block or a page nonce
    /// of calls that ran before the crash but never reached the log.
    /// </summary>
    void BeginNewLifetime(ReadOnlySpan<byte> lifetime);
}

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
}

using Bolt.Core.Device;
using Bolt.Core.Durability;

namespace Bolt.Server.Durability;

/// <summary>Builds the device of a durable daemon: a fresh one (a new lifetime), or one restored from a checkpoint file (the checkpoint's lifetime).</summary>
public interface IDurableDeviceFactory
{
    /// <summary>A fresh, uninitialised device whose host region lives in <paramref name="hostRegionFile"/> (a device whose host region is its own buffer, like the kernel's, may ignore it).</summary>
    ICheckpointDevice Create(string hostRegionFile);

    /// <summary>
    /// A device restored from the checkpoint in <paramref name="source"/>, its host region in <paramref name="hostRegionFile"/>.
    /// The device itself refuses a checkpoint bound to a counter value below <paramref name="minimumCounter"/>.
    /// </summary>
    /// <exception cref="Bolt.Core.DurableStorageException">The checkpoint could not be authenticated, is another device's, or is below the minimum.</exception>
    (ICheckpointDevice Device, CheckpointHeader Header) Restore(Stream source, string file, string hostRegionFile, ulong minimumCounter);
}

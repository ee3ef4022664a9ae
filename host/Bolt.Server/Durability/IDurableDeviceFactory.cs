using Bolt.Core.Device;
using Bolt.Core.Durability;

namespace Bolt.Server.Durability;

/// <summary>Builds the device of a durable daemon: a fresh one (a new lifetime), or one restored from a checkpoint file (the checkpoint's lifetime).</summary>
public interface IDurableDeviceFactory
{
    /// <summary>A fresh, uninitialised device whose host region lives in <paramref name="hostRegionFile"/>.</summary>
    ICheckpointDevice Create(string hostRegionFile);

    /// <summary>A device restored from the checkpoint in <paramref name="source"/>, its host region in <paramref name="hostRegionFile"/>.</summary>
    /// <exception cref="Bolt.Core.DurableStorageException">The checkpoint could not be authenticated or is another device's.</exception>
    (ICheckpointDevice Device, CheckpointHeader Header) Restore(Stream source, string file, string hostRegionFile);
}

using Bolt.Core.Device;
using Bolt.Core.Durability;
using Bolt.Server.Durability;
using Bolt.Sim;

namespace Bolt.Cli.Serving;

/// <summary>The simulator as a durable daemon's device: fresh (a new lifetime) or restored from a checkpoint.</summary>
internal sealed class SimulatorDurableFactory(SimulatedDeviceOptions options) : IDurableDeviceFactory
{
    public ICheckpointDevice Create(string hostRegionFile) => new SimulatedDevice(options with { HostRegionFile = hostRegionFile });

    public (ICheckpointDevice Device, CheckpointHeader Header) Restore(Stream source, string file, string hostRegionFile, ulong minimumCounter) =>
        SimulatedDevice.Restore(options with { HostRegionFile = hostRegionFile }, source, file, minimumCounter);
}

using Bolt.Core.Device;
using Bolt.Core.Durability;
using Bolt.Server.Durability;
using Bolt.Sim;

namespace Bolt.Tests.Durability;

/// <summary>Simulated devices for a <see cref="DurableStore"/> in a test: new ones and ones restored from a checkpoint.</summary>
internal sealed class SimulatorFactory(SimulatedDeviceOptions options) : IDurableDeviceFactory
{
    public ICheckpointDevice Create(string hostRegionFile) => new SimulatedDevice(options with { HostRegionFile = hostRegionFile });

    public (ICheckpointDevice Device, CheckpointHeader Header) Restore(Stream source, string file, string hostRegionFile, ulong minimumCounter) =>
        SimulatedDevice.Restore(options with { HostRegionFile = hostRegionFile }, source, file, minimumCounter);
}

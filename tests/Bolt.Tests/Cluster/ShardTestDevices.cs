using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Core.Device;
using Bolt.Sim;

namespace Bolt.Tests.Cluster;

/// <summary>Seeded simulated shard devices and their provisioning keys, for cluster tests.</summary>
internal static class ShardTestDevices
{
    public static BoltParameters Parameters { get; } = new(capacity: 1 << 14, valueSize: 16);

    public static byte[] DeviceKey(int shard) => SimulatedDeviceOptions.InsecureFixedKey(1000 + shard);

    public static ReadOnlyMemory<byte>[] ProvisioningKeys(int shards) =>
        [.. Enumerable.Range(0, shards).Select(s => (ReadOnlyMemory<byte>)ChannelKdf.ProvisioningKey(DeviceKey(s)))];

    public static SimulatedDevice Create(int shard) => new(new SimulatedDeviceOptions { Parameters = Parameters, Seed = DeviceKey(shard) });
}

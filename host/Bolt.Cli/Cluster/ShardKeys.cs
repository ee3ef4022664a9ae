using System.Security.Cryptography;
using Bolt.Cli.Serving;
using Bolt.Core.Channel;
using Bolt.Sim;

namespace Bolt.Cli.Cluster;

/// <summary>
/// Shard device keys for `bolt cluster`: fresh random ones by default (each silo writes shard k's provisioning key to
/// DIR/shard-k.key, owner-only, the stand-in for attestation), or, with --seed S, the insecure fixed key of S·1000 + k
/// (tests and demos), which a client can rebuild without files.
/// </summary>
internal static class ShardKeys
{
    public static string DefaultDirectory => Path.Combine(Path.GetTempPath(), "bolt-cluster-keys");

    public static byte[] DeviceKey(long? seed, int shard) => seed is { } s ? SimulatedDeviceOptions.InsecureFixedKey((s * 1000) + shard) : RandomNumberGenerator.GetBytes(16);

    public static string KeyFile(string directory, int shard) => Path.Combine(directory, $"shard-{shard}.key");

    /// <summary>Writes shard <paramref name="shard"/>'s provisioning key for its clients.</summary>
    public static void Publish(string directory, int shard, byte[] deviceKey)
    {
        Directory.CreateDirectory(directory);
        ProvisioningKeyFile.Write(KeyFile(directory, shard), ChannelKdf.ProvisioningKey(deviceKey));
    }

    /// <summary>The provisioning keys of shards 0..shards−1: rebuilt from the seed, or read from the key directory.</summary>
    public static ReadOnlyMemory<byte>[] ProvisioningKeys(int shards, long? seed, string directory) =>
        [.. Enumerable.Range(0, shards).Select(s => (ReadOnlyMemory<byte>)(seed is not null ? ChannelKdf.ProvisioningKey(DeviceKey(seed, s)) : ProvisioningKeyFile.Read(KeyFile(directory, s))))];
}

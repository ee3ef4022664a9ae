using Bolt.Client;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Core.Crypto;
using Bolt.OpenCl;
using Xunit;

namespace Bolt.Tests.Kernel;

/// <summary>
/// The host's whole view of the OpenCL device — every buffer its runtime writes or reads — holds nothing but sealed
/// pages, sealed frames, public parameters, the trace and the public status record (SPEC §11): no key, no digest, no
/// value. The plaintext record port is the positive control: it puts digests in host-visible memory by design, and
/// the same scan must find them.
/// </summary>
public sealed class DeviceStateExposureTests
{
    private static readonly BoltParameters P = new(capacity: 1024, valueSize: 16);
    private static readonly byte[] Seed = Bolt.Sim.SimulatedDeviceOptions.InsecureFixedKey(77);
    private static readonly byte[] Lifetime = "EXPOSURE-LIFE-01"u8.ToArray();
    private static readonly byte[] PrfKey = "EXPOSURE-PRF-KEY"u8.ToArray();

    [Fact]
    public async Task A_sealed_workload_leaves_no_key_digest_or_value_in_host_visible_buffers()
    {
        using var device = NewDevice();
        var items = Enumerable.Range(0, 300).Select(k => new KeyValuePair<MapKey, ReadOnlyMemory<byte>>(k, Value(k))).ToList();
        await using (var map = ObliviousMap.Create(device, ChannelKdf.ProvisioningKey(Seed), PrfKey, items, ownsDevice: false))
        {
            for (int k = 0; k < 400; k++)
            {
                await map.PutAsync(k, Value(k + 1000));
                Assert.Equal(Value(k + 1000), await map.GetAsync(k));
            }
        }

        var secrets = Secrets(Enumerable.Range(0, 400));
        foreach (var (name, bytes) in device.HostVisibleBuffers())
        {
            foreach (var (label, secret) in secrets)
            {
                Assert.False(bytes.AsSpan().IndexOf(secret) >= 0, $"the {name} buffer holds {label}");
            }
        }

        Assert.True(device.PublicStatus.Ops >= 800);
        Assert.False(device.PublicStatus.Halted);
    }

    [Fact]
    public void Positive_control_the_plaintext_port_exposes_digests_and_the_scan_finds_them()
    {
        using var device = NewDevice();
        var prf = new KeyPrf(PrfKey);
        var load = new byte[10 * P.CommandBytes];
        for (int k = 0; k < 10; k++)
        {
            CommandLayout.Write(load.AsSpan(k * P.CommandBytes, P.CommandBytes), OpCode.Put, prf.Digest(k), Value(k));
        }

        device.Initialise(load);
        var commands = new byte[P.CommandBytes];
        CommandLayout.Write(commands, OpCode.Get, prf.Digest(3), []);
        device.Execute(commands, new byte[P.ResponseBytes]);

        var found = device.HostVisibleBuffers().SelectMany(b => Secrets([3]).Where(s => b.Bytes.AsSpan().IndexOf(s.Bytes) >= 0).Select(s => s.Label)).ToList();
        Assert.Contains("digest 3", found);
        Assert.Contains("value 3", found);
    }

    private static OpenClDevice NewDevice() =>
        new(new OpenClDeviceOptions { Parameters = P, Seed = Seed, Lifetime = Lifetime, PlatformName = "Portable" });

    private static byte[] Value(int k) => BitConverter.GetBytes(0x5EC2E7_0000_0000L + k).Concat(BitConverter.GetBytes(~(long)k)).ToArray();

    /// <summary>The device's keys (K_dev, K_prov, K_life, K_prng, K_page) and the workload's digests and values.</summary>
    private static List<(string Label, byte[] Bytes)> Secrets(IEnumerable<int> keys)
    {
        var lifetimeKey = new byte[16];
        DeviceLifetime.DeriveKey(Seed, Lifetime, lifetimeKey);
        var prng = new byte[16];
        var page = new byte[16];
        Aes128.DeriveKey(lifetimeKey, KeyLabels.Prng, prng);
        Aes128.DeriveKey(lifetimeKey, KeyLabels.Page, page);
        var secrets = new List<(string, byte[])>
        {
            ("the root key", Seed), ("the provisioning key", ChannelKdf.ProvisioningKey(Seed)), ("the lifetime key", lifetimeKey),
            ("the PRNG key", prng), ("the page key", page),
        };
        var prf = new KeyPrf(PrfKey);
        foreach (int k in keys)
        {
            var digest = new byte[16];
            prf.Digest(k).Write(digest);
            secrets.Add(($"digest {k}", digest));
            secrets.Add(($"value {k}", Value(k)));
            secrets.Add(($"value {k}", Value(k + 1000)));
        }

        return secrets;
    }
}

using Bolt.Client;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Core.Crypto;
using Bolt.OpenCl;
using Bolt.Sim;

namespace Bolt.Security.Exposure;

/// <summary>
/// The host's whole view of the kernel on an OpenCL device (SPEC §11): every buffer the host runtime writes or reads —
/// host pages, command and response frames, trace, config, public status — must hold no key, no digest and no value
/// after a sealed workload. The positive control runs the plaintext record port, which puts digests and values in
/// host-visible memory by design: the same scan must find them.
/// </summary>
public static class BufferExposureCheck
{
    private static readonly byte[] Seed = SimulatedDeviceOptions.InsecureFixedKey(77);
    private static readonly byte[] Lifetime = "EXPOSURE-LIFE-01"u8.ToArray();
    private static readonly byte[] PrfKey = "EXPOSURE-PRF-KEY"u8.ToArray();

    /// <summary>Runs the sealed workload and the control on <paramref name="platform"/> (null: the first OpenCL platform).</summary>
    /// <exception cref="OpenClException">No OpenCL platform, or the kernel failed to build.</exception>
    public static BufferExposureOutcome Run(string? platform = null, int keys = 300)
    {
        var p = new BoltParameters(capacity: 1024, valueSize: 16);
        List<string> sealedFindings, controlFindings;
        int buffers;
        using (var device = NewDevice(p, platform))
        {
            var items = Enumerable.Range(0, keys).Select(k => new KeyValuePair<MapKey, ReadOnlyMemory<byte>>(k, Value(k))).ToList();
            using (var map = ObliviousMap.Create(device, ChannelKdf.ProvisioningKey(Seed), PrfKey, items, ownsDevice: false))
            {
                for (int k = 0; k < keys + 100; k++)
                {
                    map.PutAsync(k, Value(k + 1000)).AsTask().GetAwaiter().GetResult();
                    map.GetAsync(k).AsTask().GetAwaiter().GetResult();
                }
            }

            var views = device.HostVisibleBuffers();
            buffers = views.Count;
            sealedFindings = Scan(views, Secrets(Enumerable.Range(0, keys + 100)));
        }

        using (var device = NewDevice(p, platform))
        {
            var prf = new KeyPrf(PrfKey);
            var load = new byte[10 * p.CommandBytes];
            for (int k = 0; k < 10; k++)
            {
                CommandLayout.Write(load.AsSpan(k * p.CommandBytes, p.CommandBytes), OpCode.Put, prf.Digest(k), Value(k));
            }

            device.Initialise(load);
            var command = new byte[p.CommandBytes];
            CommandLayout.Write(command, OpCode.Get, prf.Digest(3), []);
            device.Execute(command, new byte[p.ResponseBytes]);
            controlFindings = Scan(device.HostVisibleBuffers(), Secrets([3]));
        }

        return new BufferExposureOutcome(buffers, sealedFindings, controlFindings);
    }

    private static OpenClDevice NewDevice(BoltParameters p, string? platform) =>
        new(new OpenClDeviceOptions { Parameters = p, Seed = Seed, Lifetime = Lifetime, PlatformName = platform });

    private static byte[] Value(int k) => [.. BitConverter.GetBytes(0x5EC2E7_0000_0000L + k), .. BitConverter.GetBytes(~(long)k)];

    private static List<string> Scan(IReadOnlyList<(string Name, byte[] Bytes)> views, List<(string Label, byte[] Bytes)> secrets) =>
        [.. views.SelectMany(v => secrets.Where(s => v.Bytes.AsSpan().IndexOf(s.Bytes) >= 0).Select(s => $"{s.Label} in the {v.Name} buffer"))];

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

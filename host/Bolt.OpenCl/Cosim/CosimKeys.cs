using Bolt.Core.Crypto;
using Bolt.Sim;

namespace Bolt.OpenCl.Cosim;

/// <summary>
/// The root key and the lifetime that every device of one co-simulation is given, so that the simulator, the kernel
/// and the C-sim draw the same PRNG blocks and seal under the same keys (SPEC §3). Pinning a lifetime is what
/// co-simulation needs and what a product never does.
/// </summary>
public sealed record CosimKeys(byte[] Seed, byte[] Lifetime)
{
    /// <summary>The keys of numeric seed <paramref name="seed"/>: <see cref="SimulatedDeviceOptions.InsecureFixedKey"/> and a lifetime spelled from it.</summary>
    public static CosimKeys FromSeed(long seed)
    {
        var lifetime = new byte[DeviceLifetime.Bytes];
        BitConverter.TryWriteBytes(lifetime, seed);
        "LIFETIME"u8.CopyTo(lifetime.AsSpan(8));
        return new CosimKeys(SimulatedDeviceOptions.InsecureFixedKey(seed), lifetime);
    }

    /// <summary><c>K_life</c> of these keys.</summary>
    public byte[] LifetimeKey()
    {
        var key = new byte[DeviceLifetime.Bytes];
        DeviceLifetime.DeriveKey(Seed, Lifetime, key);
        return key;
    }
}

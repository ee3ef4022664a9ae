using System.Security.Cryptography;
using Bolt.Core;
using Bolt.Sim.Engine;
using Bolt.Sim.Timing;
using Bolt.Sim.Timing.Platforms;

namespace Bolt.Sim;

/// <summary>How to build a <see cref="SimulatedDevice"/>.</summary>
public sealed record SimulatedDeviceOptions
{
    /// <summary>The map's parameters.</summary>
    public BoltParameters Parameters { get; init; } = new();

    /// <summary>
    /// The 16-byte device root key; keys for the PRNG, page sealing and provisioning derive from it (SPEC §3).
    /// Default: a fresh random key from the OS CSPRNG for every options instance, as SPEC §1 requires — only a
    /// client given the provisioning key (through attestation) can use the device. A fixed key is a test-only
    /// choice, spelled <see cref="InsecureFixedKey"/>.
    /// </summary>
    public byte[] Seed { get; init; } = RandomNumberGenerator.GetBytes(16);

    /// <summary>
    /// The 16-byte lifetime nonce of this start (SPEC §3). Null, the default, draws a fresh one from the OS CSPRNG, as a
    /// real device draws from its TRNG; a fixed value exists only so co-simulation can give the simulator and the
    /// kernel the same lifetime. Two starts with the same key and the same lifetime repeat every PRNG block and GCM
    /// nonce: never do that outside a test.
    /// </summary>
    public byte[]? Lifetime { get; init; }

    /// <summary>
    /// A file to keep the host region in, memory-mapped (created or overwritten, sized to the region): a durable daemon's
    /// region, of any size. Null, the default, keeps it in native memory.
    /// </summary>
    public string? HostRegionFile { get; init; }

    /// <summary>The platform whose timing is modeled.</summary>
    public PlatformPreset Platform { get; init; } = AlveoU55C.Preset;

    /// <summary>
    /// Prefetch the next commands' map slots and pages, and each access's pending records, while serving a batch
    /// (wall time only; nothing the device defines changes). Off only to measure what it buys (the engine benchmarks
    /// compare both).
    /// </summary>
    internal bool Prefetch { get; init; } = true;

    /// <summary>A deliberate leak for the security suite's positive controls; never set by the product.</summary>
    internal LeakInjection Leak { get; init; }

    /// <summary>
    /// INSECURE, for tests, co-simulation and reproducible experiments only: a fixed 16-byte device key spelled
    /// from a public number (`--seed S`). Anyone who knows the number derives the device's provisioning key, so
    /// a device built with it protects nothing.
    /// </summary>
    public static byte[] InsecureFixedKey(long seed)
    {
        var bytes = new byte[16];
        BitConverter.TryWriteBytes(bytes, seed);
        "BOLTSEED"u8.CopyTo(bytes.AsSpan(8));
        return bytes;
    }
}

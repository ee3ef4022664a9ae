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

    /// <summary>The platform whose timing is modeled.</summary>
    public PlatformPreset Platform { get; init; } = AlveoU55C.Preset;

    /// <summary>
    /// Prefetch the next commands' map slots and pages while serving a batch (wall time only; nothing the device
    /// defines changes). Off only to measure what it buys (the engine benchmarks compare both).
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

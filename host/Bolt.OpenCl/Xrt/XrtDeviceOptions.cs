using System.Security.Cryptography;
using Bolt.Core;
using Bolt.Sim;
using Bolt.Sim.Timing;
using Bolt.Sim.Timing.Platforms;

namespace Bolt.OpenCl.Xrt;

/// <summary>How to open an <see cref="XrtDevice"/>.</summary>
public sealed record XrtDeviceOptions
{
    /// <summary>The map's parameters.</summary>
    public BoltParameters Parameters { get; init; } = new();

    /// <summary>
    /// The 16-byte device root key (SPEC §3). Default: a fresh random key from the OS CSPRNG for every options
    /// instance (SPEC §1). A fixed key is a test-only choice: <see cref="SimulatedDeviceOptions.InsecureFixedKey"/>.
    /// </summary>
    public byte[] Seed { get; init; } = RandomNumberGenerator.GetBytes(16);

    /// <summary>The platform whose schedule stamps the trace cycles (SPEC §9).</summary>
    public PlatformPreset Timing { get; init; } = AlveoU55C.Preset;

    /// <summary>The Vitis .xclbin (hardware/u55c: build/hw/bolt.xclbin). For the fake shim: a v++ connectivity file.</summary>
    public required string XclbinPath { get; init; }

    /// <summary>
    /// The shim library: hardware/xrt/build/libbolt_xrt.so (make -C hardware/xrt real), or a bare name the dynamic
    /// loader finds. Tests pass hardware/xrt/build/libbolt_xrt_fake.so.
    /// </summary>
    public string ShimLibrary { get; init; } = "libbolt_xrt.so";

    /// <summary>The XRT device index (xrt-smi examine lists them).</summary>
    public uint DeviceIndex { get; init; }

    /// <summary>How long one kernel run may take before it is reported as failed (0: no limit).</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

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

    /// <summary>The root key sealed to the board's device key (SPEC §11); null seals <see cref="Seed"/> here (development only).</summary>
    public byte[]? ProvisioningBlob { get; init; }

    /// <summary>The device-unique key the .xclbin was built with; the default is the public development key.</summary>
    public byte[] DeviceUniqueKey { get; init; } = Bolt.Core.Device.DeviceProvisioning.DevelopmentDeviceKey.ToArray();

    /// <summary>Lifetime entropy for provisioning; null draws it from the OS CSPRNG (a board reads its TRNG). Fixed only for co-simulation.</summary>
    public byte[]? Lifetime { get; init; }

    /// <summary>The platform whose schedule stamps the trace cycles (SPEC §9).</summary>
    public PlatformPreset Timing { get; init; } = AlveoU55C.Preset;

    /// <summary>The Vitis .xclbin (hardware/u55c: build/hw/bolt.xclbin). For the fake shim: a v++ connectivity file (its nk= line names the kernel).</summary>
    public required string XclbinPath { get; init; }

    /// <summary>
    /// The shim library: hardware/xrt/build/libbolt_xrt.so (make -C hardware/xrt real), or a bare name the dynamic
    /// loader finds. Tests pass hardware/xrt/build/libbolt_xrt_fake.so (the HLS top) or libbolt_xrt_fake_kernel.so (bolt_kernel).
    /// </summary>
    public string ShimLibrary { get; init; } = "libbolt_xrt.so";

    /// <summary>
    /// The kernel in the .xclbin: <see cref="KernelSource.HlsTopEntryPoint"/> (bolt_hls_top, the default: the HLS top
    /// hardware/u55c builds, launched with its second ports bound to the same buffers as host, posmap and versions) or
    /// <see cref="KernelSource.EntryPoint"/> (bolt_kernel, a `make KERNEL=bolt_kernel` build).
    /// </summary>
    public string KernelName { get; init; } = KernelSource.HlsTopEntryPoint;

    /// <summary>The XRT device index (xrt-smi examine lists them).</summary>
    public uint DeviceIndex { get; init; }

    /// <summary>How long one kernel run may take before it is reported as failed (0: no limit).</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

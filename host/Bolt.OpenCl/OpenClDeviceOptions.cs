using System.Security.Cryptography;
using Bolt.Core;
using Bolt.Sim;
using Bolt.Sim.Timing;
using Bolt.Sim.Timing.Platforms;

namespace Bolt.OpenCl;

/// <summary>How to build an <see cref="OpenClDevice"/>.</summary>
public sealed record OpenClDeviceOptions
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

    /// <summary>
    /// Picks the OpenCL platform whose name contains this text (case-insensitive), e.g. "Portable" for
    /// PoCL or "Xilinx" for XRT; null takes the first platform that has a device.
    /// </summary>
    public string? PlatformName { get; init; }

    /// <summary>
    /// A Vitis .xclbin to load instead of building from source (XRT on a U55C). With it, buffers are placed
    /// in HBM banks as in hardware/u55c/connectivity.cfg and host pages in host memory.
    /// </summary>
    public string? XclbinPath { get; init; }

    /// <summary>Extra clBuildProgram options, e.g. -D defines (tests use them to inject faults).</summary>
    public string BuildOptions { get; init; } = string.Empty;
}

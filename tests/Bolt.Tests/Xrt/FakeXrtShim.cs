using System.Diagnostics;
using Bolt.OpenCl.Cosim;

namespace Bolt.Tests.Xrt;

/// <summary>
/// Builds hardware/xrt's fake shims (the XRT C ABI over the C-simulation kernel, with separate host and "device"
/// copies that only a sync connects) once per test run, and names the connectivity files they read as their .xclbin.
/// </summary>
internal static class FakeXrtShim
{
    private static readonly Lazy<string> Built = new(() => Build("libbolt_xrt_fake.so"));
    private static readonly Lazy<string> BuiltKernel = new(() => Build("libbolt_xrt_fake_kernel.so"));

    /// <summary>
    /// The built libbolt_xrt_fake.so: its kernel is the Vitis HLS top (hardware/hls/bolt_hls_top.cpp, as Vitis HLS's C
    /// simulation compiles it), the kernel hardware/u55c builds and XrtDevice launches by default.
    /// </summary>
    public static string Library => Built.Value;

    /// <summary>The built libbolt_xrt_fake_kernel.so: bolt_kernel() (a `make KERNEL=bolt_kernel` board build); pair it with <see cref="KernelConnectivity"/>.</summary>
    public static string KernelLibrary => BuiltKernel.Value;

    /// <summary>hardware/u55c/connectivity.cfg: the HLS top's memory topology, the fake's stand-in for an .xclbin.</summary>
    public static string Connectivity => Path.Combine(CsimRunner.FindRepositoryRoot(), "hardware", "u55c", "connectivity.cfg");

    /// <summary>hardware/u55c/connectivity-bolt_kernel.cfg: bolt_kernel's.</summary>
    public static string KernelConnectivity => Path.Combine(CsimRunner.FindRepositoryRoot(), "hardware", "u55c", "connectivity-bolt_kernel.cfg");

    private static string Build(string library)
    {
        string folder = Path.Combine(CsimRunner.FindRepositoryRoot(), "hardware", "xrt");
        var info = new ProcessStartInfo("make", ["-s", "-C", folder, "build/" + library]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var make = Process.Start(info)!;
        string output = make.StandardOutput.ReadToEnd() + make.StandardError.ReadToEnd();
        make.WaitForExit();
        if (make.ExitCode != 0)
        {
            throw new InvalidOperationException($"make -C {folder} failed:\n{output}");
        }

        return Path.Combine(folder, "build", library);
    }
}

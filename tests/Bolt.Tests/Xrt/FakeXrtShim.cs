using System.Diagnostics;
using Bolt.OpenCl.Cosim;

namespace Bolt.Tests.Xrt;

/// <summary>
/// Builds hardware/xrt's fake shim (the XRT C ABI over the C-simulation kernel, with separate host and "device"
/// copies that only a sync connects) once per test run, and names the connectivity file it reads as its .xclbin.
/// </summary>
internal static class FakeXrtShim
{
    private static readonly Lazy<string> Built = new(() => Build("libbolt_xrt_fake.so"));
    private static readonly Lazy<string> BuiltHls = new(() => Build("libbolt_xrt_fake_hls.so"));

    /// <summary>The built libbolt_xrt_fake.so.</summary>
    public static string Library => Built.Value;

    /// <summary>The built libbolt_xrt_fake_hls.so: the same fake running the Vitis HLS top (hardware/hls) instead of bolt_kernel().</summary>
    public static string HlsLibrary => BuiltHls.Value;

    /// <summary>hardware/u55c/connectivity.cfg: the fake's stand-in for an .xclbin's memory topology.</summary>
    public static string Connectivity => Path.Combine(CsimRunner.FindRepositoryRoot(), "hardware", "u55c", "connectivity.cfg");

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

using System.Text;

namespace Bolt.OpenCl;

/// <summary>
/// The kernel source (hardware/kernel/), embedded in this assembly, as one amalgamated OpenCL C program:
/// prelude, ABI, constant-time blocks, crypto, core, schedule, channel, access phases, checkpoint, entry, in that order, with BOLT_AMALGAMATED so the #includes are skipped.
/// </summary>
public static class KernelSource
{
    /// <summary>The kernel function's name in every build of hardware/kernel/bolt_kernel.c (OpenCL, C-sim, XRT's OpenCL layer).</summary>
    public const string EntryPoint = "bolt_kernel";

    /// <summary>
    /// The Vitis HLS top's name (hardware/hls/bolt_hls_top.cpp): the kernel of hardware/u55c's default .xclbin, which
    /// XrtDevice launches with <see cref="EntryPoint"/>'s 19 arguments plus three second ports (<see cref="KernelArguments.SecondPort"/>).
    /// </summary>
    public const string HlsTopEntryPoint = "bolt_hls_top";

    private static readonly string[] Files = ["bolt_prelude.h", "bolt_abi.h", "bolt_ct.h", "bolt_crypto.h", "bolt_core.h", "bolt_schedule.h", "bolt_channel.h", "bolt_access.h", "bolt_checkpoint.h", "bolt_kernel.c"];

    /// <summary>The calibration kernel's name (hardware/calibrate/bolt_calibrate.c).</summary>
    public const string CalibrationEntryPoint = "bolt_calibrate";

    /// <summary>The amalgamated program text.</summary>
    public static string Amalgamated() => Concatenate(Files);

    /// <summary>The calibration kernel: the prelude, then hardware/calibrate/bolt_calibrate.c.</summary>
    public static string Calibration() => Concatenate(["bolt_prelude.h", "bolt_calibrate.c"]);

    private static string Concatenate(IEnumerable<string> files)
    {
        var text = new StringBuilder("#define BOLT_AMALGAMATED 1\n");
        var assembly = typeof(KernelSource).Assembly;
        foreach (var file in files)
        {
            using var stream = assembly.GetManifestResourceStream("kernel/" + file)
                ?? throw new InvalidOperationException($"The kernel source {file} is not embedded in {assembly.GetName().Name}.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            text.Append(reader.ReadToEnd()).Append('\n');
        }

        return text.ToString();
    }
}

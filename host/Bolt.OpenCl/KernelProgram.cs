namespace Bolt.OpenCl;

/// <summary>
/// A kernel an <see cref="OpenClRuntime"/> can build: its OpenCL C source, entry point, which buffer arguments are
/// host-memory ports (HOST[0]) and which are device-private. No bank numbers: on XRT through OpenCL each buffer is
/// placed where the .xclbin connects its kernel argument (XRT's kernel-and-argument-index placement), so a changed
/// connectivity file needs no host change.
/// </summary>
internal sealed record KernelProgram(Func<string> Source, string EntryPoint, Func<uint, bool> IsHostMemory, Func<uint, bool> IsDevicePrivate)
{
    /// <summary>bolt_kernel: the host pages on HOST[0], everything else in HBM.</summary>
    public static KernelProgram Bolt { get; } = new(KernelSource.Amalgamated, KernelSource.EntryPoint, KernelArguments.IsHostMemory, KernelArguments.IsDevicePrivate);

    /// <summary>bolt_calibrate (hbm, host, result): argument 1 is the HOST[0] port (hardware/u55c/calibrate.cfg).</summary>
    public static KernelProgram Calibration { get; } = new(KernelSource.Calibration, KernelSource.CalibrationEntryPoint, argument => argument == 1, _ => false);
}

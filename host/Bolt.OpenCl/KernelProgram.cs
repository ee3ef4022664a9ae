namespace Bolt.OpenCl;

/// <summary>
/// A kernel an <see cref="OpenClRuntime"/> can build: its OpenCL C source, entry point, and for each buffer argument
/// the HBM pseudo-channel its port is connected to in the v++ connectivity file (<see cref="HostMemory"/> for
/// HOST[0]). The banks matter only on XRT through OpenCL, whose buffers must be placed by the host.
/// </summary>
internal sealed record KernelProgram(Func<string> Source, string EntryPoint, int[] Banks)
{
    /// <summary>A port connected to host memory (HOST[0]).</summary>
    public const int HostMemory = -1;

    /// <summary>bolt_kernel, banks as in hardware/u55c/connectivity.cfg.</summary>
    public static KernelProgram Bolt { get; } = new(KernelSource.Amalgamated, KernelSource.EntryPoint, [0, 1, 2, 3, 4, 5, 6, 7, 11, 8, 9, HostMemory, 10]);

    /// <summary>bolt_calibrate (hbm, host, result), banks as in hardware/u55c/calibrate.cfg.</summary>
    public static KernelProgram Calibration { get; } = new(KernelSource.Calibration, KernelSource.CalibrationEntryPoint, [0, HostMemory, 1]);
}

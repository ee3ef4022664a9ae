namespace Bolt.OpenCl;

/// <summary>
/// bolt_kernel's argument order (hardware/kernel/bolt_kernel.c). The banks behind them are in
/// <see cref="KernelProgram.Bolt"/> (OpenCL-on-XRT path); the XRT-native path asks the .xclbin (group_id).
/// </summary>
internal static class KernelArguments
{
    public const uint State = 0, PositionMap = 1, Records = 2, FreeList = 3, Loads = 4, Versions = 5;
    public const uint Pending = 6, Scratch = 7, Frame = 8, Commands = 9, Responses = 10, Host = 11, Trace = 12;
    public const uint Mode = 13, Count = 14, LinkIn = 15, LinkOut = 16;

    /// <summary>The buffer arguments: 0 .. <see cref="Trace"/>.</summary>
    public const int Buffers = 13;

    /// <summary>The host pages live in host memory (HOST[0]); every other buffer in HBM.</summary>
    public static bool IsHostMemory(uint argument) => argument == Host;
}

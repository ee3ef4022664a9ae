namespace Bolt.OpenCl;

/// <summary>
/// bolt_kernel's argument order (hardware/kernel/bolt_kernel.c), which the HLS top (hardware/hls/bolt_hls_top.cpp) keeps
/// and extends by three second ports. The banks behind them come from the .xclbin on both XRT paths: the
/// kernel-and-argument placement through OpenCL, group_id through the native API.
/// </summary>
internal static class KernelArguments
{
    public const uint State = 0, PositionMap = 1, Records = 2, FreeList = 3, Loads = 4, Versions = 5;
    public const uint Pending = 6, Scratch = 7, Frame = 8, Commands = 9, Responses = 10, Host = 11, Trace = 12;
    public const uint Config = 13, Public = 14, Mode = 15, Count = 16, LinkIn = 17, LinkOut = 18;

    /// <summary>The HLS top's second ports: host memory read by its reader, the position map read by its lookup, the versions read by its open stage.</summary>
    public const uint HostRead = 19, PositionMapRead = 20, VersionsRead = 21;

    /// <summary>The buffer arguments: 0 .. <see cref="Public"/>.</summary>
    public const int Buffers = 15;

    /// <summary>
    /// The HLS top's second port onto the same buffer as <paramref name="argument"/> (host, posmap, versions), or null.
    /// The host binds one buffer to both, so connectivity.cfg must connect both ports to the same memory.
    /// </summary>
    public static uint? SecondPort(uint argument) => argument switch
    {
        Host => HostRead,
        PositionMap => PositionMapRead,
        Versions => VersionsRead,
        _ => null,
    };

    /// <summary>The host pages live in host memory (HOST[0]); every other buffer in HBM.</summary>
    public static bool IsHostMemory(uint argument) => argument == Host;

    /// <summary>
    /// The device-private buffers (SPEC §11): state, position map, records, free list, loads, versions, pending lists,
    /// scratch and the frame copy. The host runtime never reads, writes or maps them; runtimes create them so that it
    /// cannot (CL_MEM_HOST_NO_ACCESS, xrt::bo::flags::device_only).
    /// </summary>
    public static bool IsDevicePrivate(uint argument) => argument <= Frame;
}

using System.Runtime.InteropServices;

namespace Bolt.OpenCl.Native;

/// <summary>
/// The OpenCL 1.2 entry points Bolt uses, bound to the ICD loader <c>libOpenCL.so.1</c>. This is the only
/// file that knows how OpenCL is reached: swapping in Silk.NET.OpenCL means rewriting these methods as
/// forwards to its <c>CL</c> API, and nothing else changes. Handles are opaque <see cref="nint"/>s.
/// </summary>
internal static unsafe partial class ClNative
{
    private const string Library = "libOpenCL.so.1";

    public const int Success = 0;
    public const uint PlatformName = 0x0902;
    public const uint PlatformVendor = 0x0903;
    public const uint PlatformVersion = 0x0901;
    public const ulong DeviceTypeAll = 0xFFFFFFFF;
    public const uint DeviceName = 0x102B;
    public const uint ProgramBuildLog = 0x1183;
    public const ulong MemReadWrite = 1 << 0;
    public const ulong MemReadOnly = 1 << 2;
    public const ulong MemAllocHostPtr = 1 << 4;

    /// <summary>CL_MEM_HOST_NO_ACCESS (OpenCL 1.2): the host may not read, write or map the buffer.</summary>
    public const ulong MemHostNoAccess = 1 << 9;
    public const ulong MapRead = 1 << 0;
    public const ulong MapWrite = 1 << 1;

    /// <summary>XRT: the buffer's host pointer argument is a <see cref="XclMemExtPtr"/> (CL_MEM_EXT_PTR_XILINX).</summary>
    public const ulong MemExtPtrXilinx = 1u << 31;

    /// <summary>XRT: <see cref="XclMemExtPtr.Flags"/> carries a memory-topology (bank) index in its low bits.</summary>
    public const uint XclMemTopology = 1u << 31;

    /// <summary>XRT: the buffer lives in host memory, reached by the kernel over the PCIe host-memory bridge.</summary>
    public const uint XclMemExtHostOnly = 1u << 29;

    /// <summary>XRT's <c>cl_mem_ext_ptr_t</c>: flags, then two pointer-sized fields (obj, param).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct XclMemExtPtr
    {
        public uint Flags;
        public nint Obj;
        public nint Param;
    }

    [LibraryImport(Library, EntryPoint = "clGetPlatformIDs")]
    public static partial int GetPlatformIDs(uint numEntries, nint* platforms, uint* numPlatforms);

    [LibraryImport(Library, EntryPoint = "clGetPlatformInfo")]
    public static partial int GetPlatformInfo(nint platform, uint name, nuint size, byte* value, nuint* sizeRet);

    [LibraryImport(Library, EntryPoint = "clGetDeviceIDs")]
    public static partial int GetDeviceIDs(nint platform, ulong type, uint numEntries, nint* devices, uint* numDevices);

    [LibraryImport(Library, EntryPoint = "clGetDeviceInfo")]
    public static partial int GetDeviceInfo(nint device, uint name, nuint size, byte* value, nuint* sizeRet);

    [LibraryImport(Library, EntryPoint = "clCreateContext")]
    public static partial nint CreateContext(nint* properties, uint numDevices, nint* devices, nint notify, nint userData, int* status);

    [LibraryImport(Library, EntryPoint = "clCreateCommandQueue")]
    public static partial nint CreateCommandQueue(nint context, nint device, ulong properties, int* status);

    [LibraryImport(Library, EntryPoint = "clCreateProgramWithSource")]
    public static partial nint CreateProgramWithSource(nint context, uint count, byte** strings, nuint* lengths, int* status);

    [LibraryImport(Library, EntryPoint = "clCreateProgramWithBinary")]
    public static partial nint CreateProgramWithBinary(nint context, uint numDevices, nint* devices, nuint* lengths, byte** binaries, int* binaryStatus, int* status);

    [LibraryImport(Library, EntryPoint = "clBuildProgram")]
    public static partial int BuildProgram(nint program, uint numDevices, nint* devices, byte* options, nint notify, nint userData);

    [LibraryImport(Library, EntryPoint = "clGetProgramBuildInfo")]
    public static partial int GetProgramBuildInfo(nint program, nint device, uint name, nuint size, byte* value, nuint* sizeRet);

    [LibraryImport(Library, EntryPoint = "clCreateKernel")]
    public static partial nint CreateKernel(nint program, byte* name, int* status);

    [LibraryImport(Library, EntryPoint = "clSetKernelArg")]
    public static partial int SetKernelArg(nint kernel, uint index, nuint size, void* value);

    [LibraryImport(Library, EntryPoint = "clCreateBuffer")]
    public static partial nint CreateBuffer(nint context, ulong flags, nuint size, void* hostPtr, int* status);

    [LibraryImport(Library, EntryPoint = "clEnqueueWriteBuffer")]
    public static partial int EnqueueWriteBuffer(nint queue, nint buffer, uint blocking, nuint offset, nuint size, void* ptr, uint numEvents, nint* events, nint* evt);

    [LibraryImport(Library, EntryPoint = "clEnqueueReadBuffer")]
    public static partial int EnqueueReadBuffer(nint queue, nint buffer, uint blocking, nuint offset, nuint size, void* ptr, uint numEvents, nint* events, nint* evt);

    [LibraryImport(Library, EntryPoint = "clEnqueueMapBuffer")]
    public static partial void* EnqueueMapBuffer(nint queue, nint buffer, uint blocking, ulong flags, nuint offset, nuint size, uint numEvents, nint* events, nint* evt, int* status);

    [LibraryImport(Library, EntryPoint = "clEnqueueUnmapMemObject")]
    public static partial int EnqueueUnmapMemObject(nint queue, nint buffer, void* ptr, uint numEvents, nint* events, nint* evt);

    [LibraryImport(Library, EntryPoint = "clEnqueueNDRangeKernel")]
    public static partial int EnqueueNDRangeKernel(nint queue, nint kernel, uint workDim, nuint* offset, nuint* global, nuint* local, uint numEvents, nint* events, nint* evt);

    [LibraryImport(Library, EntryPoint = "clFinish")]
    public static partial int Finish(nint queue);

    [LibraryImport(Library, EntryPoint = "clReleaseMemObject")]
    public static partial int ReleaseMemObject(nint buffer);

    [LibraryImport(Library, EntryPoint = "clReleaseKernel")]
    public static partial int ReleaseKernel(nint kernel);

    [LibraryImport(Library, EntryPoint = "clReleaseProgram")]
    public static partial int ReleaseProgram(nint program);

    [LibraryImport(Library, EntryPoint = "clReleaseCommandQueue")]
    public static partial int ReleaseCommandQueue(nint queue);

    [LibraryImport(Library, EntryPoint = "clReleaseContext")]
    public static partial int ReleaseContext(nint context);
}

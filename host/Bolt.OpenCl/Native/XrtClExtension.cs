using System.Runtime.InteropServices;

namespace Bolt.OpenCl.Native;

/// <summary>
/// The one piece of OpenCL that Silk.NET.OpenCL does not bind: XRT's buffer-placement extension
/// (<c>cl_mem_ext_ptr_t</c> and its flags, from XRT's <c>CL/cl_ext_xilinx.h</c>). Everything else goes through
/// Silk.NET's <c>CL</c> API over the ICD loader.
/// </summary>
internal static class XrtClExtension
{
    /// <summary>CL_MEM_EXT_PTR_XILINX: the buffer's host pointer argument is a <see cref="MemExtPtr"/>.</summary>
    public const ulong MemExtPtrFlag = 1u << 31;

    /// <summary>XCL_MEM_EXT_HOST_ONLY: the buffer lives in host memory, reached by the kernel over the PCIe host-memory bridge.</summary>
    public const uint MemHostOnly = 1u << 29;

    /// <summary>
    /// XRT's <c>cl_mem_ext_ptr_t</c>: a 32-bit union (flags / banks / argidx), then two pointer-sized fields (obj,
    /// and param / kernel). Placement by kernel argument: <see cref="Flags"/> = the argument index and
    /// <see cref="Param"/> = the cl_kernel, so XRT puts the buffer in the bank that argument is connected to.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MemExtPtr
    {
        public uint Flags;
        public nint Obj;
        public nint Param;
    }
}

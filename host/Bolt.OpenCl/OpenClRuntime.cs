using Bolt.Core;
using System.Text;
using Bolt.OpenCl.Native;

namespace Bolt.OpenCl;

/// <summary>
/// One OpenCL platform, device, context, queue and built kernel, with checked buffer and launch helpers.
/// Every failing call becomes an <see cref="OpenClException"/> naming the call and its CL status.
/// </summary>
internal sealed unsafe class OpenClRuntime : IDisposable
{
    private readonly nint _device;
    private readonly nint _context;
    private readonly nint _queue;
    private readonly nint _program;

    /// <summary>Picks a platform and device, then builds the kernel from source or loads the .xclbin.</summary>
    public OpenClRuntime(string? platformName, string? xclbinPath, string buildOptions)
    {
        (nint platform, _device, PlatformName) = Choose(xclbinPath is null ? platformName : platformName ?? "Xilinx");
        IsXrt = PlatformName.Contains("Xilinx", StringComparison.OrdinalIgnoreCase);
        int status;
        nint device = _device;
        _context = ClNative.CreateContext(null, 1, &device, 0, 0, &status);
        Check("clCreateContext", status);
        _queue = ClNative.CreateCommandQueue(_context, _device, 0, &status);
        Check("clCreateCommandQueue", status);
        _program = xclbinPath is null ? FromSource() : FromBinary(xclbinPath);
        Build(buildOptions);
        fixed (byte* name = Encoding.ASCII.GetBytes(KernelSource.EntryPoint + "\0"))
        {
            Kernel = ClNative.CreateKernel(_program, name, &status);
        }

        Check("clCreateKernel", status);
    }

    /// <summary>The platform's name (CL_PLATFORM_NAME).</summary>
    public string PlatformName { get; }

    /// <summary>True on the Xilinx runtime (XRT), where buffers take HBM bank and host-memory flags.</summary>
    public bool IsXrt { get; }

    /// <summary>The bolt_kernel handle.</summary>
    public nint Kernel { get; }

    /// <summary>
    /// A device buffer: on XRT in HBM pseudo-channel <paramref name="bank"/>, or in host memory when
    /// <paramref name="hostOnly"/>; elsewhere a plain buffer (host-only ones host-allocated, so mapping is free).
    /// </summary>
    public nint CreateBuffer(long bytes, int bank, bool hostOnly)
    {
        int status;
        nuint size = (nuint)Math.Max(bytes, 16);
        nint buffer;
        if (IsXrt)
        {
            var ext = new ClNative.XclMemExtPtr { Flags = hostOnly ? ClNative.XclMemExtHostOnly : ClNative.XclMemTopology | (uint)bank };
            buffer = ClNative.CreateBuffer(_context, ClNative.MemReadWrite | ClNative.MemExtPtrXilinx, size, &ext, &status);
        }
        else
        {
            buffer = ClNative.CreateBuffer(_context, ClNative.MemReadWrite | (hostOnly ? ClNative.MemAllocHostPtr : 0), size, null, &status);
        }

        Check("clCreateBuffer", status, $"{bytes} bytes");
        return buffer;
    }

    /// <summary>Blocking write of host bytes into a buffer at offset 0.</summary>
    public void Write<T>(nint buffer, ReadOnlySpan<T> data) where T : unmanaged
    {
        fixed (T* p = data)
        {
            Check("clEnqueueWriteBuffer", ClNative.EnqueueWriteBuffer(_queue, buffer, 1, 0, (nuint)(data.Length * sizeof(T)), p, 0, null, null));
        }
    }

    /// <summary>Blocking read of a buffer's first bytes into host memory.</summary>
    public void Read<T>(nint buffer, Span<T> data) where T : unmanaged
    {
        fixed (T* p = data)
        {
            Check("clEnqueueReadBuffer", ClNative.EnqueueReadBuffer(_queue, buffer, 1, 0, (nuint)(data.Length * sizeof(T)), p, 0, null, null));
        }
    }

    /// <summary>Maps a whole buffer for host reads and writes (blocking).</summary>
    public byte* Map(nint buffer, long bytes)
    {
        int status;
        void* p = ClNative.EnqueueMapBuffer(_queue, buffer, 1, ClNative.MapRead | ClNative.MapWrite, 0, (nuint)bytes, 0, null, null, &status);
        Check("clEnqueueMapBuffer", status);
        return (byte*)p;
    }

    /// <summary>Unmaps a mapped buffer: the host's changes become visible to the kernel.</summary>
    public void Unmap(nint buffer, byte* mapped) =>
        Check("clEnqueueUnmapMemObject", ClNative.EnqueueUnmapMemObject(_queue, buffer, mapped, 0, null, null));

    /// <summary>Sets a buffer argument.</summary>
    public void SetArg(uint index, nint buffer) => Check("clSetKernelArg", ClNative.SetKernelArg(Kernel, index, (nuint)sizeof(nint), &buffer), $"argument {index}");

    /// <summary>Sets a scalar argument.</summary>
    public void SetArg<T>(uint index, T value) where T : unmanaged => Check("clSetKernelArg", ClNative.SetKernelArg(Kernel, index, (nuint)sizeof(T), &value), $"argument {index}");

    /// <summary>Runs the kernel as one work item (a single-task kernel) and waits for it.</summary>
    public void RunTask()
    {
        nuint one = 1;
        Check("clEnqueueNDRangeKernel", ClNative.EnqueueNDRangeKernel(_queue, Kernel, 1, null, &one, &one, 0, null, null));
        Check("clFinish", ClNative.Finish(_queue));
    }

    /// <summary>Releases a buffer (0 is ignored).</summary>
    public static void Release(nint buffer)
    {
        if (buffer != 0)
        {
            _ = ClNative.ReleaseMemObject(buffer);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _ = ClNative.Finish(_queue);
        _ = ClNative.ReleaseKernel(Kernel);
        _ = ClNative.ReleaseProgram(_program);
        _ = ClNative.ReleaseCommandQueue(_queue);
        _ = ClNative.ReleaseContext(_context);
    }

    /// <summary>Throws <see cref="OpenClException"/> unless <paramref name="status"/> is CL_SUCCESS.</summary>
    public static void Check(string call, int status, string? detail = null)
    {
        if (status != ClNative.Success)
        {
            throw new OpenClException(call, status, detail);
        }
    }

    private static (nint Platform, nint Device, string Name) Choose(string? wanted)
    {
        uint count;
        int status;
        try
        {
            status = ClNative.GetPlatformIDs(0, null, &count);
        }
        catch (DllNotFoundException e)
        {
            throw new OpenClException($"No OpenCL ICD loader (libOpenCL.so.1): {e.Message}. Install ocl-icd-libopencl1 and a platform such as pocl-opencl-icd.");
        }

        if (status == -1001 || count == 0)
        {
            throw new OpenClException("No OpenCL platform is installed (install pocl-opencl-icd for a CPU device, or XRT for a U55C).");
        }

        Check("clGetPlatformIDs", status);
        var platforms = new nint[count];
        fixed (nint* p = platforms)
        {
            Check("clGetPlatformIDs", ClNative.GetPlatformIDs(count, p, null));
        }

        var seen = new List<string>();
        foreach (var platform in platforms)
        {
            string name = PlatformInfo(platform, ClNative.PlatformName);
            seen.Add(name);
            if (wanted is not null && !name.Contains(wanted, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            nint device;
            uint devices;
            if (ClNative.GetDeviceIDs(platform, ClNative.DeviceTypeAll, 1, &device, &devices) == ClNative.Success && devices > 0)
            {
                return (platform, device, name);
            }
        }

        throw new OpenClException($"No OpenCL platform{(wanted is null ? string.Empty : $" named like '{wanted}'")} has a device; platforms found: {string.Join(", ", seen)}.");
    }

    private static string PlatformInfo(nint platform, uint what)
    {
        nuint size;
        Check("clGetPlatformInfo", ClNative.GetPlatformInfo(platform, what, 0, null, &size));
        var bytes = new byte[(int)size];
        fixed (byte* p = bytes)
        {
            Check("clGetPlatformInfo", ClNative.GetPlatformInfo(platform, what, size, p, null));
        }

        return Encoding.ASCII.GetString(bytes).TrimEnd('\0');
    }

    private nint FromSource()
    {
        var source = Encoding.UTF8.GetBytes(KernelSource.Amalgamated());
        int status;
        nint program;
        fixed (byte* s = source)
        {
            byte* strings = s;
            nuint length = (nuint)source.Length;
            program = ClNative.CreateProgramWithSource(_context, 1, &strings, &length, &status);
        }

        Check("clCreateProgramWithSource", status);
        return program;
    }

    private nint FromBinary(string path)
    {
        var binary = File.ReadAllBytes(path);
        int status, binaryStatus;
        nint program, device = _device;
        fixed (byte* b = binary)
        {
            byte* binaries = b;
            nuint length = (nuint)binary.Length;
            program = ClNative.CreateProgramWithBinary(_context, 1, &device, &length, &binaries, &binaryStatus, &status);
        }

        Check("clCreateProgramWithBinary", status, path);
        return program;
    }

    private void Build(string options)
    {
        nint device = _device;
        int status;
        fixed (byte* o = Encoding.ASCII.GetBytes(options + "\0"))
        {
            status = ClNative.BuildProgram(_program, 1, &device, o, 0, 0);
        }

        if (status != ClNative.Success)
        {
            throw new OpenClException("clBuildProgram", status, BuildLog());
        }
    }

    private string BuildLog()
    {
        nuint size;
        if (ClNative.GetProgramBuildInfo(_program, _device, ClNative.ProgramBuildLog, 0, null, &size) != ClNative.Success)
        {
            return "no build log";
        }

        var log = new byte[(int)size];
        fixed (byte* p = log)
        {
            _ = ClNative.GetProgramBuildInfo(_program, _device, ClNative.ProgramBuildLog, size, p, null);
        }

        return Encoding.UTF8.GetString(log).TrimEnd('\0');
    }
}

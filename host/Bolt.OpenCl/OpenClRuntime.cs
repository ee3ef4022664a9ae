using Bolt.Core;
using System.Text;
using Bolt.OpenCl.Native;
using Silk.NET.OpenCL;

namespace Bolt.OpenCl;

/// <summary>
/// One OpenCL platform, device, context, queue and built kernel, with checked buffer and launch helpers.
/// Every failing call becomes an <see cref="OpenClException"/> naming the call and its CL status. OpenCL is reached
/// through Silk.NET.OpenCL over the ICD loader (<c>libOpenCL.so.1</c>); only XRT's buffer-placement extension is
/// bound locally (<see cref="XrtClExtension"/>).
/// </summary>
internal sealed unsafe class OpenClRuntime : IKernelRuntime
{
    private const int Success = 0;
    private const int PlatformNotFound = -1001;
    private readonly CL _cl;
    private readonly nint _device;
    private readonly nint _context;
    private readonly nint _queue;
    private readonly nint _program;

    private readonly KernelProgram _kernel;

    /// <summary>Picks a platform and device, then builds bolt_kernel from source or loads the .xclbin.</summary>
    public OpenClRuntime(string? platformName, string? xclbinPath, string buildOptions)
        : this(KernelProgram.Bolt, platformName, xclbinPath, buildOptions)
    {
    }

    /// <summary>Picks a platform and device, then builds <paramref name="kernel"/> from source or loads the .xclbin.</summary>
    public OpenClRuntime(KernelProgram kernel, string? platformName, string? xclbinPath, string buildOptions)
    {
        _kernel = kernel;
        _cl = Load();
        (nint platform, _device, PlatformName) = Choose(_cl, xclbinPath is null ? platformName : platformName ?? "Xilinx");
        IsXrt = PlatformName.Contains("Xilinx", StringComparison.OrdinalIgnoreCase);
        int status;
        nint device = _device;
        _context = _cl.CreateContext(null, 1, &device, null, null, &status);
        Check("clCreateContext", status);
        // Event profiling: every launch's start and end on the device's own clock (LastKernelSeconds).
        _queue = _cl.CreateCommandQueue(_context, _device, CommandQueueProperties.ProfilingEnable, &status);
        Check("clCreateCommandQueue", status);
        _program = xclbinPath is null ? FromSource() : FromBinary(xclbinPath);
        Build(buildOptions);
        fixed (byte* name = Encoding.ASCII.GetBytes(kernel.EntryPoint + "\0"))
        {
            Kernel = _cl.CreateKernel(_program, name, &status);
        }

        Check("clCreateKernel", status);
    }

    /// <summary>The platform's name (CL_PLATFORM_NAME).</summary>
    public string PlatformName { get; }

    /// <inheritdoc/>
    public string DeviceName => "opencl:" + ShortName(PlatformName);

    /// <summary>True on the Xilinx runtime (XRT), where buffers take HBM bank and host-memory flags.</summary>
    public bool IsXrt { get; }

    /// <summary>The bolt_kernel handle.</summary>
    public nint Kernel { get; }

    /// <summary>
    /// A device buffer: on XRT where the .xclbin connects the kernel argument (placement by kernel and argument index,
    /// no bank number on the host), or host-only memory for a host-memory port; elsewhere a plain buffer (the host
    /// pages host-allocated, so mapping them is free).
    /// </summary>
    public nint CreateBuffer(uint argument, long bytes)
    {
        bool hostOnly = _kernel.IsHostMemory(argument);
        // A device-private buffer (SPEC §11) is created host-no-access: this runtime never reads, writes or maps it,
        // and an OpenCL implementation may refuse if it tried.
        var access = _kernel.IsDevicePrivate(argument) ? MemFlags.HostNoAccess : MemFlags.None;
        int status;
        nuint size = (nuint)Math.Max(bytes, 16);
        nint buffer;
        if (IsXrt)
        {
            var ext = hostOnly
                ? new XrtClExtension.MemExtPtr { Flags = XrtClExtension.MemHostOnly }
                : new XrtClExtension.MemExtPtr { Flags = argument, Param = Kernel };
            buffer = _cl.CreateBuffer(_context, MemFlags.ReadWrite | (MemFlags)XrtClExtension.MemExtPtrFlag | access, size, &ext, &status);
        }
        else
        {
            buffer = _cl.CreateBuffer(_context, MemFlags.ReadWrite | (hostOnly ? MemFlags.AllocHostPtr : MemFlags.None) | access, size, null, &status);
        }

        Check("clCreateBuffer", status, $"{bytes} bytes");
        return buffer;
    }

    /// <inheritdoc/>
    public void Write<T>(nint buffer, ReadOnlySpan<T> data) where T : unmanaged
    {
        fixed (T* p = data)
        {
            Check("clEnqueueWriteBuffer", _cl.EnqueueWriteBuffer(_queue, buffer, true, 0, (nuint)(data.Length * sizeof(T)), p, 0, null, null));
        }
    }

    /// <inheritdoc/>
    public void Read<T>(nint buffer, Span<T> data) where T : unmanaged
    {
        fixed (T* p = data)
        {
            Check("clEnqueueReadBuffer", _cl.EnqueueReadBuffer(_queue, buffer, true, 0, (nuint)(data.Length * sizeof(T)), p, 0, null, null));
        }
    }

    /// <inheritdoc/>
    public byte* MapHostPages(nint buffer, long bytes)
    {
        int status;
        void* p = _cl.EnqueueMapBuffer(_queue, buffer, true, MapFlags.Read | MapFlags.Write, 0, (nuint)bytes, 0, null, null, &status);
        Check("clEnqueueMapBuffer", status);
        return (byte*)p;
    }

    /// <inheritdoc/>
    public void UnmapHostPages(nint buffer, byte* mapped) =>
        Check("clEnqueueUnmapMemObject", _cl.EnqueueUnmapMemObject(_queue, buffer, mapped, 0, null, null));

    /// <inheritdoc/>
    public void SetArg(uint index, nint buffer) => Check("clSetKernelArg", _cl.SetKernelArg(Kernel, index, (nuint)sizeof(nint), &buffer), $"argument {index}");

    /// <inheritdoc/>
    public void SetArg<T>(uint index, T value) where T : unmanaged => Check("clSetKernelArg", _cl.SetKernelArg(Kernel, index, (nuint)sizeof(T), &value), $"argument {index}");

    /// <inheritdoc/>
    public double? LastKernelSeconds { get; private set; }

    /// <summary>
    /// Runs the kernel as one work item (a single-task kernel) and waits for it, timing it with the launch's
    /// profiling event. On XRT the host pages stay mapped and are synced around the run (migrated to the device, then
    /// back), as XRT's host-code guidance does it; elsewhere they are unmapped for the run (OpenCL's rule for a mapped
    /// buffer a kernel uses: the host's edits go down), then mapped again, which costs nothing for a host-allocated
    /// buffer on a CPU device.
    /// </summary>
    public void Launch(nint hostPages, ref byte* mapped, long bytes)
    {
        LastKernelSeconds = null;
        if (IsXrt)
        {
            Migrate(hostPages, MemMigrationFlags.None);
            Run();
            Migrate(hostPages, MemMigrationFlags.Host);
            return;
        }

        UnmapHostPages(hostPages, mapped);
        mapped = null;
        try
        {
            Run();
        }
        finally
        {
            mapped = MapHostPages(hostPages, bytes);
        }
    }

    private void Run()
    {
        nuint one = 1;
        nint launch;
        Check("clEnqueueNDRangeKernel", _cl.EnqueueNdrangeKernel(_queue, Kernel, 1, null, &one, &one, 0, null, &launch));
        try
        {
            Check("clFinish", _cl.Finish(_queue));
            ulong start, end;
            if (_cl.GetEventProfilingInfo(launch, ProfilingInfo.Start, sizeof(ulong), &start, null) == Success
                && _cl.GetEventProfilingInfo(launch, ProfilingInfo.End, sizeof(ulong), &end, null) == Success && end >= start)
            {
                LastKernelSeconds = (end - start) * 1e-9;
            }
        }
        finally
        {
            _ = _cl.ReleaseEvent(launch);
        }
    }

    private void Migrate(nint buffer, MemMigrationFlags direction)
    {
        Check("clEnqueueMigrateMemObjects", _cl.EnqueueMigrateMemObjects(_queue, 1, &buffer, direction, 0, null, null));
        Check("clFinish", _cl.Finish(_queue));
    }

    /// <inheritdoc/>
    public void Release(nint buffer)
    {
        if (buffer != 0)
        {
            _ = _cl.ReleaseMemObject(buffer);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _ = _cl.Finish(_queue);
        _ = _cl.ReleaseKernel(Kernel);
        _ = _cl.ReleaseProgram(_program);
        _ = _cl.ReleaseCommandQueue(_queue);
        _ = _cl.ReleaseContext(_context);
        _cl.Dispose();
    }

    /// <summary>Throws <see cref="OpenClException"/> unless <paramref name="status"/> is CL_SUCCESS.</summary>
    public static void Check(string call, int status, string? detail = null)
    {
        if (status != Success)
        {
            throw new OpenClException(call, status, detail);
        }
    }

    /// <summary>Binds Silk.NET's OpenCL API to the ICD loader, with an install hint when there is none.</summary>
    private static CL Load()
    {
        try
        {
            return CL.GetApi();
        }
        catch (Exception e) when (e is DllNotFoundException or FileNotFoundException)
        {
            throw new OpenClException($"No OpenCL ICD loader (libOpenCL.so.1): {e.Message}. Install ocl-icd-libopencl1 and a platform such as pocl-opencl-icd.");
        }
    }

    private static (nint Platform, nint Device, string Name) Choose(CL cl, string? wanted)
    {
        uint count;
        int status = cl.GetPlatformIDs(0, null, &count);
        if (status == PlatformNotFound || count == 0)
        {
            throw new OpenClException("No OpenCL platform is installed (install pocl-opencl-icd for a CPU device, or XRT for a U55C).");
        }

        Check("clGetPlatformIDs", status);
        var platforms = new nint[count];
        fixed (nint* p = platforms)
        {
            Check("clGetPlatformIDs", cl.GetPlatformIDs(count, p, null));
        }

        var seen = new List<string>();
        foreach (var platform in platforms)
        {
            string name = PlatformInfo(cl, platform, Silk.NET.OpenCL.PlatformInfo.Name);
            seen.Add(name);
            if (wanted is not null && !name.Contains(wanted, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            nint device;
            uint devices;
            if (cl.GetDeviceIDs(platform, DeviceType.All, 1, &device, &devices) == Success && devices > 0)
            {
                return (platform, device, name);
            }
        }

        throw new OpenClException($"No OpenCL platform{(wanted is null ? string.Empty : $" named like '{wanted}'")} has a device; platforms found: {string.Join(", ", seen)}.");
    }

    private static string PlatformInfo(CL cl, nint platform, PlatformInfo what)
    {
        nuint size;
        Check("clGetPlatformInfo", cl.GetPlatformInfo(platform, what, 0, null, &size));
        var bytes = new byte[(int)size];
        fixed (byte* p = bytes)
        {
            Check("clGetPlatformInfo", cl.GetPlatformInfo(platform, what, size, p, null));
        }

        return Encoding.ASCII.GetString(bytes).TrimEnd('\0');
    }

    private nint FromSource()
    {
        var source = Encoding.UTF8.GetBytes(_kernel.Source());
        int status;
        nint program;
        fixed (byte* s = source)
        {
            byte* strings = s;
            nuint length = (nuint)source.Length;
            program = _cl.CreateProgramWithSource(_context, 1, &strings, &length, &status);
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
            program = _cl.CreateProgramWithBinary(_context, 1, &device, &length, &binaries, &binaryStatus, &status);
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
            status = _cl.BuildProgram(_program, 1, &device, o, null, null);
        }

        if (status != Success)
        {
            throw new OpenClException("clBuildProgram", status, BuildLog());
        }
    }

    private string BuildLog()
    {
        nuint size;
        if (_cl.GetProgramBuildInfo(_program, _device, ProgramBuildInfo.BuildLog, 0, null, &size) != Success)
        {
            return "no build log";
        }

        var log = new byte[(int)size];
        fixed (byte* p = log)
        {
            _ = _cl.GetProgramBuildInfo(_program, _device, ProgramBuildInfo.BuildLog, size, p, null);
        }

        return Encoding.UTF8.GetString(log).TrimEnd('\0');
    }

    private static string ShortName(string platform) =>
        platform.Contains("Portable Computing Language", StringComparison.OrdinalIgnoreCase) ? "pocl"
        : platform.Contains("Xilinx", StringComparison.OrdinalIgnoreCase) ? "xrt"
        : platform.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToLowerInvariant() ?? "unknown";
}

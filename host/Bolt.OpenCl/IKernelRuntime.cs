namespace Bolt.OpenCl;

/// <summary>
/// What the kernel's host driver needs from a runtime: buffers per kernel argument, copies, the host pages mapped
/// once, argument binding and one launch. <see cref="OpenClRuntime"/> implements it over OpenCL (PoCL, GPUs) and
/// <see cref="Xrt.XrtRuntime"/> over XRT's native API through the shim. Buffer handles are opaque.
/// </summary>
internal unsafe interface IKernelRuntime : IDisposable
{
    /// <summary>The device's name for reports, e.g. "opencl:pocl" or "xrt:0".</summary>
    string DeviceName { get; }

    /// <summary>A buffer for kernel argument <paramref name="argument"/> (<see cref="KernelArguments"/>), placed where that argument's port is connected.</summary>
    nint CreateBuffer(uint argument, long bytes);

    /// <summary>Copies host data into a buffer at offset 0 and makes it visible to the kernel.</summary>
    void Write<T>(nint buffer, ReadOnlySpan<T> data) where T : unmanaged;

    /// <summary>Copies a buffer's first bytes, as the kernel left them, into host memory.</summary>
    void Read<T>(nint buffer, Span<T> data) where T : unmanaged;

    /// <summary>Maps the host-pages buffer for host reads and writes; done once, the mapping lives until <see cref="UnmapHostPages"/>.</summary>
    byte* MapHostPages(nint buffer, long bytes);

    /// <summary>Ends the host-pages mapping.</summary>
    void UnmapHostPages(nint buffer, byte* mapped);

    /// <summary>Binds a buffer to a kernel argument.</summary>
    void SetArg(uint index, nint buffer);

    /// <summary>Binds a 4- or 8-byte scalar to a kernel argument.</summary>
    void SetArg<T>(uint index, T value) where T : unmanaged;

    /// <summary>
    /// One kernel run with the host pages coherent both ways: the host's edits reach the kernel before it starts,
    /// and its writes are in the mapping when this returns. <paramref name="mapped"/> is the mapping to use from now
    /// on, also when the run throws.
    /// </summary>
    void Launch(nint hostPages, ref byte* mapped, long bytes);

    /// <summary>
    /// Device time of the last <see cref="Launch"/> from the runtime's own timestamps (OpenCL event profiling), or
    /// null when the runtime offers none for a run (XRT's native run API; its device trace comes from xrt.ini instead).
    /// </summary>
    double? LastKernelSeconds { get; }

    /// <summary>Releases a buffer (0 is ignored).</summary>
    void Release(nint buffer);
}

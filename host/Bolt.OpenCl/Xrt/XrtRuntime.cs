using Bolt.Core;

namespace Bolt.OpenCl.Xrt;

/// <summary>
/// <see cref="IKernelRuntime"/> over XRT's native API (through <see cref="XrtShim"/>). Every buffer is allocated in
/// the memory bank the .xclbin connects its kernel argument to (xrt::kernel::group_id; the host pages host_only,
/// in HOST[0]) and mapped once; copies go through the mapping and sync only the bytes they touch; a launch syncs
/// the host pages down, runs once and syncs them back. The mapping never moves, so the host's view of the sealed
/// pages is the same span for the device's whole life. Launching the HLS top (<see cref="KernelSource.HlsTopEntryPoint"/>),
/// every buffer bound to host, posmap or versions is bound to that argument's second port too
/// (<see cref="KernelArguments.SecondPort"/>): one buffer, two m_axi ports; XRT refuses the binding when
/// connectivity.cfg connects the two ports to different memories.
/// </summary>
internal sealed unsafe class XrtRuntime : IKernelRuntime
{
    private readonly XrtShim _shim;
    private readonly uint _timeoutMs;
    private readonly bool _secondPorts;
    private readonly Dictionary<nint, Allocation> _buffers = [];

    /// <summary>Loads the shim, opens the device and its .xclbin.</summary>
    public XrtRuntime(string shimLibrary, uint deviceIndex, string xclbinPath, string kernelName, uint timeoutMs)
    {
        if (kernelName is not (KernelSource.HlsTopEntryPoint or KernelSource.EntryPoint))
        {
            throw new XrtException($"The kernel name '{kernelName}' is neither {KernelSource.HlsTopEntryPoint} (the HLS top) nor {KernelSource.EntryPoint}.");
        }

        _shim = new XrtShim(shimLibrary, deviceIndex, xclbinPath, kernelName);
        _timeoutMs = timeoutMs;
        _secondPorts = kernelName == KernelSource.HlsTopEntryPoint;
        DeviceName = "xrt:" + deviceIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public string DeviceName { get; }

    /// <summary>The memory group (bank) XRT placed each live buffer argument in, as the .xclbin reported it.</summary>
    public IReadOnlyDictionary<uint, int> Groups => _buffers.Values.ToDictionary(a => a.Argument, a => a.Group);

    /// <inheritdoc/>
    public double? LastKernelSeconds => null;

    /// <inheritdoc/>
    public nint CreateBuffer(uint argument, long bytes)
    {
        int placement = KernelArguments.IsHostMemory(argument) ? 1 : KernelArguments.IsDevicePrivate(argument) ? 2 : 0;
        var (buffer, mapped, group) = _shim.Alloc(argument, Math.Max(bytes, 16), placement);
        nint handle = buffer + 1; // 0 means "no buffer" to the driver
        _buffers[handle] = new Allocation(buffer, argument, (byte*)mapped, Math.Max(bytes, 16), group);
        return handle;
    }

    /// <inheritdoc/>
    public void Write<T>(nint buffer, ReadOnlySpan<T> data) where T : unmanaged
    {
        var a = _buffers[buffer];
        int bytes = data.Length * sizeof(T);
        fixed (T* p = data)
        {
            Buffer.MemoryCopy(p, a.Mapped, a.Bytes, bytes);
        }

        _shim.Sync(a.Buffer, toDevice: true, 0, bytes);
    }

    /// <inheritdoc/>
    public void Read<T>(nint buffer, Span<T> data) where T : unmanaged
    {
        var a = _buffers[buffer];
        int bytes = data.Length * sizeof(T);
        _shim.Sync(a.Buffer, toDevice: false, 0, bytes);
        fixed (T* p = data)
        {
            Buffer.MemoryCopy(a.Mapped, p, bytes, bytes);
        }
    }

    /// <inheritdoc/>
    public byte* MapHostPages(nint buffer, long bytes) => _buffers[buffer].Mapped;

    /// <inheritdoc/>
    public void UnmapHostPages(nint buffer, byte* mapped)
    {
        // The mapping goes with the buffer (Release); nothing to undo before that.
    }

    /// <inheritdoc/>
    public void SetArg(uint index, nint buffer)
    {
        _shim.SetBuffer(index, _buffers[buffer].Buffer);
        if (_secondPorts && KernelArguments.SecondPort(index) is { } second)
        {
            _shim.SetBuffer(second, _buffers[buffer].Buffer);
        }
    }

    /// <inheritdoc/>
    public void SetArg<T>(uint index, T value) where T : unmanaged
    {
        ulong raw = sizeof(T) == 4 ? *(uint*)&value : *(ulong*)&value;
        _shim.SetScalar(index, raw, sizeof(T));
    }

    /// <inheritdoc/>
    public void Launch(nint hostPages, ref byte* mapped, long bytes)
    {
        var a = _buffers[hostPages];
        _shim.Sync(a.Buffer, toDevice: true, 0, bytes);
        _shim.Run(_timeoutMs);
        _shim.Sync(a.Buffer, toDevice: false, 0, bytes);
    }

    /// <inheritdoc/>
    public void Release(nint buffer)
    {
        if (buffer != 0 && _buffers.Remove(buffer, out var a))
        {
            _shim.Release(a.Buffer);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _shim.Dispose();

    private readonly struct Allocation(int buffer, uint argument, byte* mapped, long bytes, int group)
    {
        public int Buffer { get; } = buffer;

        public uint Argument { get; } = argument;

        public byte* Mapped { get; } = mapped;

        public long Bytes { get; } = bytes;

        public int Group { get; } = group;
    }
}

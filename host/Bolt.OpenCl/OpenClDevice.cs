using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Device;
using Bolt.Core.Trace;

namespace Bolt.OpenCl;

/// <summary>
/// The accelerator kernel (hardware/kernel/) on an OpenCL device: XRT with an .xclbin on a U55C, or any
/// platform that builds it from source (PoCL on a CPU, a GPU). The kernel's state lives in device buffers
/// (HBM); the sealed pages live in a host-memory buffer that stays mapped between batches, so
/// <see cref="HostMemory"/> is the bytes the kernel reads next (a tamper test changes them in place).
/// </summary>
public sealed unsafe class OpenClDevice : IBoltDevice
{
    // Kernel argument order of bolt_kernel, and the HBM pseudo-channel of each buffer (hardware/u55c/connectivity.cfg).
    private const uint ArgState = 0, ArgPositionMap = 1, ArgRecords = 2, ArgFreeList = 3, ArgLoads = 4, ArgVersions = 5;
    private const uint ArgPending = 6, ArgScratch = 7, ArgCommands = 8, ArgResponses = 9, ArgHost = 10, ArgTrace = 11;
    private const uint ArgMode = 12, ArgCount = 13, ArgLinkIn = 14, ArgLinkOut = 15;

    private readonly OpenClRuntime _cl;
    private readonly KernelTiming _timing;
    private readonly byte[] _seed;
    private readonly nint[] _fixed = new nint[8];
    private readonly nint _host;
    private readonly long _hostBytes;
    private readonly ulong[] _state = new ulong[KernelAbi.StateWords];
    private nint _commands;
    private long _commandCapacity;
    private nint _responses;
    private long _responseCapacity;
    private nint _trace;
    private long _traceCapacityRows;
    private ulong[] _traceRows = [];
    private byte* _hostMapped;
    private bool _initialised;
    private bool _disposed;

    /// <summary>Picks the platform, builds (or loads) the kernel and allocates every buffer.</summary>
    /// <exception cref="OpenClException">No usable platform, a build failure, or an allocation failure.</exception>
    public OpenClDevice(OpenClDeviceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var p = options.Parameters;
        if (options.Seed.Length != 16)
        {
            throw new BoltConfigurationException("seed", "The device seed must be 16 bytes.");
        }

        if (p.HostBytes > int.MaxValue)
        {
            throw new BoltConfigurationException("capacity", $"The host region ({p.HostBytes} bytes) exceeds the 2 GiB a span can expose.");
        }

        Parameters = p;
        _seed = (byte[])options.Seed.Clone();
        _timing = new KernelTiming(p, options.Timing);
        _cl = new OpenClRuntime(options.PlatformName, options.XclbinPath, options.BuildOptions);
        Name = "opencl:" + ShortName(_cl.PlatformName);
        try
        {
            _fixed[ArgState] = _cl.CreateBuffer(KernelAbi.StateWords * sizeof(ulong), 0, false);
            _fixed[ArgPositionMap] = _cl.CreateBuffer((long)p.PositionSlots * BoltParameters.PositionEntryBytes, 1, false);
            _fixed[ArgRecords] = _cl.CreateBuffer((long)p.RecordCapacity * p.SlotBytes, 2, false);
            _fixed[ArgFreeList] = _cl.CreateBuffer((long)p.RecordCapacity * sizeof(uint), 3, false);
            _fixed[ArgLoads] = _cl.CreateBuffer((long)p.Bins * sizeof(ushort), 4, false);
            _fixed[ArgVersions] = _cl.CreateBuffer((long)p.HostPages * sizeof(ulong), 5, false);
            _fixed[ArgPending] = _cl.CreateBuffer((long)p.HostPages * (p.SlotsPerBin + 1) * sizeof(uint), 6, false);
            _fixed[ArgScratch] = _cl.CreateBuffer(2L * p.SlotsPerBin * p.SlotBytes, 7, false);
            _hostBytes = p.HostBytes;
            _host = _cl.CreateBuffer(_hostBytes, 0, hostOnly: true);
            _hostMapped = _cl.Map(_host, _hostBytes);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public BoltParameters Parameters { get; }

    /// <inheritdoc/>
    public ITraceSink? Trace { get; set; }

    /// <summary>The OpenCL platform in use (CL_PLATFORM_NAME).</summary>
    public string PlatformName => _cl.PlatformName;

    /// <inheritdoc/>
    public Span<byte> HostMemory => new(_hostMapped, (int)_hostBytes);

    /// <summary>The kernel's state words after the last call (counters, timing state), for diagnostics.</summary>
    public ReadOnlySpan<ulong> State => _state;

    /// <inheritdoc/>
    public void Initialise(ReadOnlySpan<byte> putRecords)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_initialised)
        {
            throw new InvalidOperationException("The device is already initialised.");
        }

        int stride = Parameters.CommandBytes;
        if (putRecords.Length % stride != 0)
        {
            throw new ArgumentException($"The load is not a whole number of {stride}-byte records.", nameof(putRecords));
        }

        int count = putRecords.Length / stride;
        var image = KernelState.Create(Parameters, _seed, _timing, count);
        _cl.Write<ulong>(_fixed[ArgState], image);
        EnsureCommands(putRecords.Length);
        EnsureResponses(Parameters.ResponseBytes);
        EnsureTrace(1L + Parameters.HostPages);
        if (count > 0)
        {
            _cl.Write(_commands, putRecords);
        }

        Run(KernelAbi.ModeInit, (uint)count, _timing.LinkCycles(putRecords.Length), 0);
        ulong status = _state[KernelAbi.StStatus];
        if (status != (ulong)DeviceStatus.Ok)
        {
            throw new BulkLoadException((DeviceStatus)status, $"The device refused the bulk load at item {_state[KernelAbi.StErrorIndex]}: {(DeviceStatus)status}; it stays empty.");
        }

        _initialised = true;
    }

    /// <inheritdoc/>
    public void Execute(ReadOnlySpan<byte> commands, Span<byte> responses)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_initialised)
        {
            throw new InvalidOperationException("The device must be initialised before its first access.");
        }

        int count = RecordCount(commands.Length, responses.Length);
        int responseBytes = count * Parameters.ResponseBytes;
        EnsureCommands(commands.Length);
        EnsureResponses(responseBytes);
        EnsureTrace((4L * count) + 2);
        _cl.Write(_commands, commands);
        Run(KernelAbi.ModeExecute, (uint)count, _timing.LinkCycles(commands.Length), _timing.LinkCycles(responseBytes));
        _cl.Read(_responses, responses[..responseBytes]);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_hostMapped != null)
        {
            _cl.Unmap(_host, _hostMapped);
            _hostMapped = null;
        }

        OpenClRuntime.Release(_host);
        OpenClRuntime.Release(_commands);
        OpenClRuntime.Release(_responses);
        OpenClRuntime.Release(_trace);
        foreach (var buffer in _fixed)
        {
            OpenClRuntime.Release(buffer);
        }

        _cl.Dispose();
    }

    /// <summary>One kernel call: the host pages are unmapped for it (the host's edits go down), then mapped again.</summary>
    private void Run(uint mode, uint count, long linkIn, long linkOut)
    {
        for (uint i = 0; i < _fixed.Length; i++)
        {
            _cl.SetArg(i, _fixed[i]);
        }

        _cl.SetArg(ArgCommands, _commands);
        _cl.SetArg(ArgResponses, _responses);
        _cl.SetArg(ArgHost, _host);
        _cl.SetArg(ArgTrace, _trace);
        _cl.SetArg(ArgMode, mode);
        _cl.SetArg(ArgCount, count);
        _cl.SetArg(ArgLinkIn, (ulong)linkIn);
        _cl.SetArg(ArgLinkOut, (ulong)linkOut);
        _cl.Unmap(_host, _hostMapped);
        _hostMapped = null;
        try
        {
            _cl.RunTask();
        }
        finally
        {
            _hostMapped = _cl.Map(_host, _hostBytes);
        }

        _cl.Read<ulong>(_fixed[ArgState], _state);
        if (_state[KernelAbi.StStatus] >= KernelAbi.CallNotInitialised)
        {
            throw new OpenClException($"The kernel refused the call (mode {mode}): status {_state[KernelAbi.StStatus]}.");
        }

        EmitTrace((int)_state[KernelAbi.StTraceRows]);
    }

    private void EmitTrace(int rows)
    {
        if (Trace is null || rows == 0)
        {
            return;
        }

        int words = rows * KernelAbi.TraceRowWords;
        if (_traceRows.Length < words)
        {
            _traceRows = new ulong[words];
        }

        _cl.Read(_trace, _traceRows.AsSpan(0, words));
        for (int i = 0; i < rows; i++)
        {
            Trace.Record(KernelAbi.DecodeTraceRow(_traceRows.AsSpan(i * KernelAbi.TraceRowWords, KernelAbi.TraceRowWords)));
        }
    }

    private void EnsureCommands(long bytes) => Grow(ref _commands, ref _commandCapacity, bytes, 8);

    private void EnsureResponses(long bytes) => Grow(ref _responses, ref _responseCapacity, bytes, 9);

    private void EnsureTrace(long rows)
    {
        long capacityBytes = _traceCapacityRows * KernelAbi.TraceRowWords * sizeof(ulong);
        Grow(ref _trace, ref capacityBytes, rows * KernelAbi.TraceRowWords * sizeof(ulong), 10);
        _traceCapacityRows = capacityBytes / (KernelAbi.TraceRowWords * sizeof(ulong));
    }

    /// <summary>Replaces a per-call buffer by a larger one (doubling, so a growing batch size reallocates rarely).</summary>
    private void Grow(ref nint buffer, ref long capacity, long bytes, int bank)
    {
        if (buffer != 0 && capacity >= bytes)
        {
            return;
        }

        long size = Math.Max(bytes, Math.Max(capacity * 2, 4096));
        OpenClRuntime.Release(buffer);
        buffer = 0;
        buffer = _cl.CreateBuffer(size, bank, false);
        capacity = size;
    }

    private int RecordCount(int commandLength, int responseLength)
    {
        int commandBytes = Parameters.CommandBytes;
        if (commandLength == 0 || commandLength % commandBytes != 0)
        {
            throw new ArgumentException($"A command batch is one or more {commandBytes}-byte records; got {commandLength} bytes.");
        }

        int count = commandLength / commandBytes;
        if (responseLength < count * Parameters.ResponseBytes)
        {
            throw new ArgumentException($"The response buffer needs {count * Parameters.ResponseBytes} bytes for {count} records; got {responseLength}.");
        }

        return count;
    }

    private static string ShortName(string platform) =>
        platform.Contains("Portable Computing Language", StringComparison.OrdinalIgnoreCase) ? "pocl"
        : platform.Contains("Xilinx", StringComparison.OrdinalIgnoreCase) ? "xrt"
        : platform.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToLowerInvariant() ?? "unknown";
}

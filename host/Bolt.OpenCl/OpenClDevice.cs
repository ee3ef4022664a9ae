using System.Buffers.Binary;
using System.Security.Cryptography;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Crypto;
using Bolt.Core.Channel;
using Bolt.Core.Device;
using Bolt.Core.Trace;

namespace Bolt.OpenCl;

/// <summary>
/// The accelerator kernel (hardware/kernel/) on an OpenCL device: XRT with an .xclbin on a U55C, or any
/// platform that builds it from source (PoCL on a CPU, a GPU). The kernel's state lives in device buffers
/// (HBM); the sealed pages live in a host-memory buffer that stays mapped between batches, so
/// <see cref="HostMemory"/> is the bytes the kernel reads next (a tamper test changes them in place).
/// The sealed channel (SPEC §10) runs in the kernel: this class only relays hellos and frames, so the session
/// keys, the sequence checks and the tag verdicts never exist on the host.
/// </summary>
public sealed unsafe partial class OpenClDevice : IBoltDevice, IKernelProfiled
{
    // Kernel argument order of bolt_kernel.
    private const uint ArgState = KernelArguments.State, ArgPositionMap = KernelArguments.PositionMap, ArgRecords = KernelArguments.Records;
    private const uint ArgFreeList = KernelArguments.FreeList, ArgLoads = KernelArguments.Loads, ArgVersions = KernelArguments.Versions;
    private const uint ArgPending = KernelArguments.Pending, ArgScratch = KernelArguments.Scratch, ArgFrame = KernelArguments.Frame;
    private const uint ArgCommands = KernelArguments.Commands, ArgResponses = KernelArguments.Responses, ArgHost = KernelArguments.Host;
    private const uint ArgTrace = KernelArguments.Trace, ArgMode = KernelArguments.Mode, ArgCount = KernelArguments.Count;
    private const uint ArgLinkIn = KernelArguments.LinkIn, ArgLinkOut = KernelArguments.LinkOut;
    private const uint ArgConfig = KernelArguments.Config, ArgPublic = KernelArguments.Public;

    private readonly IKernelRuntime _cl;
    private readonly KernelTiming _timing;
    private readonly nint[] _fixed = new nint[8];
    private readonly nint _host;
    private readonly long _hostBytes;
    private readonly ulong[] _config;
    private readonly ulong[] _public = new ulong[KernelAbi.PublicWords];
    private readonly nint _configBuffer;
    private readonly nint _publicBuffer;
    private nint _frame;
    private long _frameCapacity;
    private nint _commands;
    private long _commandCapacity;
    private nint _responses;
    private long _responseCapacity;
    private nint _trace;
    private long _traceCapacityRows;
    private ulong[] _traceRows = [];
    private byte* _hostMapped;
    private byte[] _loadParts = [];
    private byte[] _framesStaging = [];
    private int _loadPartBytes;
    private bool _initialised;
    private bool _disposed;

    /// <summary>Picks the platform, builds (or loads) the kernel and allocates every buffer.</summary>
    /// <exception cref="OpenClException">No usable platform, a build failure, or an allocation failure.</exception>
    /// <exception cref="KernelCallRefusedException">The provisioning blob did not open under the device key.</exception>
    public OpenClDevice(OpenClDeviceOptions options)
        : this(options, () => new OpenClRuntime(options?.PlatformName, options?.XclbinPath, (options?.BuildOptions ?? string.Empty) + DeviceKeyDefines(options?.DeviceUniqueKey) + PageBodyDefine(options?.Parameters)))
    {
    }

    /// <summary>The same host driver over another runtime (<see cref="Xrt.XrtDevice"/> passes XRT's).</summary>
    internal OpenClDevice(OpenClDeviceOptions options, Func<IKernelRuntime> runtime)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runtime);
        var p = options.Parameters ?? throw new BoltConfigurationException(nameof(options.Parameters), "OpenClDeviceOptions.Parameters is null; give the map's parameters.");
        if (options.Seed is not { Length: 16 })
        {
            throw new BoltConfigurationException("seed", "The device seed must be 16 bytes.");
        }

        if (p.HostBytes > int.MaxValue)
        {
            throw new BoltConfigurationException("capacity", $"The host region ({p.HostBytes} bytes) exceeds the 2 GiB a span can expose.");
        }

        Parameters = p;
        _timing = new KernelTiming(p, options.Timing);
        _config = KernelConfig.Create(p, _timing, 0);
        _cl = runtime();
        Name = _cl.DeviceName;
        try
        {
            // Device-private buffers (SPEC §11): the runtime creates them so the host cannot reach them, and this
            // class never reads or writes them.
            _fixed[ArgState] = _cl.CreateBuffer(ArgState, KernelAbi.StateWords * sizeof(ulong));
            _fixed[ArgPositionMap] = _cl.CreateBuffer(ArgPositionMap, (long)p.PositionSlots * BoltParameters.PositionEntryBytes);
            _fixed[ArgRecords] = _cl.CreateBuffer(ArgRecords, (long)p.RecordCapacity * p.SlotBytes);
            _fixed[ArgFreeList] = _cl.CreateBuffer(ArgFreeList, (long)p.RecordCapacity * sizeof(uint));
            _fixed[ArgLoads] = _cl.CreateBuffer(ArgLoads, (long)p.Bins * sizeof(ushort));
            _fixed[ArgVersions] = _cl.CreateBuffer(ArgVersions, (long)p.HostPages * sizeof(ulong));
            _fixed[ArgPending] = _cl.CreateBuffer(ArgPending, (long)p.HostPages * (p.SlotsPerBin + 1) * sizeof(uint));
            _fixed[ArgScratch] = _cl.CreateBuffer(ArgScratch, KernelAbi.ScratchBytes(p));
            _hostBytes = p.HostBytes;
            _host = _cl.CreateBuffer(ArgHost, _hostBytes);
            _hostMapped = _cl.MapHostPages(_host, _hostBytes);
            EnsureFrame(1);

            // Public buffers: the config goes down (parameters and timing), the status record comes back.
            _configBuffer = _cl.CreateBuffer(ArgConfig, KernelAbi.ConfigWords * sizeof(ulong));
            _publicBuffer = _cl.CreateBuffer(ArgPublic, KernelAbi.PublicWords * sizeof(ulong));
            _cl.Write<ulong>(_configBuffer, _config);
            Provision(options);
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

    /// <inheritdoc/>
    public HostRegion HostMemory => new(_hostMapped, _hostBytes);

    /// <inheritdoc/>
    public KernelProfile Profile { get; private set; } = KernelProfile.None;

    /// <inheritdoc/>
    public DevicePublicStatus PublicStatus => new()
    {
        Ops = (long)_public[KernelAbi.PubOps],
        Batches = (long)_public[KernelAbi.PubBatches],
        FramesRejected = (long)_public[KernelAbi.PubFramesRejected],
        FramesRetransmitted = (long)_public[KernelAbi.PubFramesRetransmitted],
        IntegrityFailures = (long)_public[KernelAbi.PubIntegrityFailures],
        Halted = _public[KernelAbi.PubHalted] != 0,
        Initialised = _public[KernelAbi.PubInitialised] != 0,
    };

    /// <summary>
    /// Every buffer this runtime writes or reads, by name, with its current bytes: the host's whole view of the device
    /// (SPEC §11). Device-private buffers are not among them. For the security suite's exposure check.
    /// </summary>
    public IReadOnlyList<(string Name, byte[] Bytes)> HostVisibleBuffers()
    {
        var buffers = new List<(string, byte[])> { ("host pages", HostMemory.ToArray()) };
        void Add(string name, nint buffer, long bytes)
        {
            var copy = new byte[bytes];
            _cl.Read<byte>(buffer, copy);
            buffers.Add((name, copy));
        }

        Add("commands", _commands, _commandCapacity);
        Add("responses", _responses, _responseCapacity);
        Add("trace", _trace, _traceCapacityRows * KernelAbi.TraceRowWords * sizeof(ulong));
        Add("config", _configBuffer, KernelAbi.ConfigWords * sizeof(ulong));
        Add("public status", _publicBuffer, KernelAbi.PublicWords * sizeof(ulong));
        return buffers;
    }

    /// <inheritdoc/>
    public void Initialise(ReadOnlySpan<byte> putRecords)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_initialised)
        {
            throw new DeviceStateException("The device already holds a map (it was initialised); a new map needs a fresh device. To use the existing map, connect to it.");
        }

        int stride = Parameters.CommandBytes;
        if (putRecords.Length % stride != 0)
        {
            throw new ArgumentException($"The load is not a whole number of {stride}-byte records.", nameof(putRecords));
        }

        // The kernel takes the load in one launch: parts streamed before this one are joined in front of it.
        if (_loadParts.Length > 0)
        {
            AppendLoadPart(putRecords);
            putRecords = _loadParts.AsSpan(0, _loadPartBytes);
        }

        int count = putRecords.Length / stride;
        try
        {
            RunLoad(KernelAbi.ModeInit, putRecords, (uint)count, count);
        }
        finally
        {
            DropLoadParts();
        }
    }

    /// <summary>Wipes the collected parts of a streamed load (their records are plaintext) and forgets them.</summary>
    private void DropLoadParts()
    {
        CryptographicOperations.ZeroMemory(_loadParts.AsSpan(0, _loadPartBytes));
        _loadParts = [];
        _loadPartBytes = 0;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The kernel places a load in one launch from one buffer (up to 2 GiB of records), so parts are collected here
    /// and run with the last one. A sealed load must be one load frame: the kernel rejects load-part frames as
    /// malformed.
    /// </remarks>
    public void InitialisePart(ReadOnlySpan<byte> putRecords)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_initialised)
        {
            throw new InvalidOperationException("The device is already initialised.");
        }

        if (putRecords.Length % Parameters.CommandBytes != 0)
        {
            throw new ArgumentException($"The load is not a whole number of {Parameters.CommandBytes}-byte records.", nameof(putRecords));
        }

        AppendLoadPart(putRecords);
    }

    /// <inheritdoc/>
    public void OpenSession(ReadOnlySpan<byte> clientHello, Span<byte> deviceHello)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (deviceHello.Length < HelloLayout.DeviceBytes)
        {
            throw new ArgumentException($"The device hello needs {HelloLayout.DeviceBytes} bytes.", nameof(deviceHello));
        }

        // The kernel checks the hello's length itself; the relay only sizes the buffers.
        EnsureCommands(Math.Max(clientHello.Length, 1));
        EnsureResponses(HelloLayout.DeviceBytes);
        EnsureFrame(1);
        EnsureTrace(1);
        _cl.Write(_commands, clientHello);
        Run(KernelAbi.ModeHello, (uint)clientHello.Length, 0, 0);
        ThrowIfRejected();
        _cl.Read(_responses, deviceHello[..HelloLayout.DeviceBytes]);
    }

    /// <inheritdoc/>
    public void InitialiseSealed(ReadOnlySpan<byte> loadFrame)
    {
        // No host-side checks: the kernel authenticates the frame first, then refuses a second initialisation.
        ObjectDisposedException.ThrowIf(_disposed, this);
        // The load's HBM time is a timing word the host derives from the frame's size (SPEC §9), never a verdict.
        int records = Math.Max(0, loadFrame.Length - FrameLayout.OverheadBytes) / Parameters.CommandBytes;
        EnsureFrame(loadFrame.Length);
        RunLoad(KernelAbi.ModeInitSealed, loadFrame, (uint)loadFrame.Length, records);
    }

    /// <inheritdoc/>
    public int ExecuteSealed(ReadOnlySpan<byte> commandFrame, Span<byte> responseFrame)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int records = Math.Max(0, commandFrame.Length - FrameLayout.OverheadBytes) / Parameters.CommandBytes;
        int responseBytes = FrameLayout.Bytes(records, Parameters.ResponseBytes);
        if (WellFormed(commandFrame, records) && responseFrame.Length < responseBytes)
        {
            throw new ArgumentException($"The response frame needs {responseBytes} bytes; got {responseFrame.Length}.", nameof(responseFrame));
        }

        EnsureCommands(Math.Max(commandFrame.Length, 1));
        EnsureResponses(responseBytes);
        EnsureFrame((long)commandFrame.Length + responseBytes);
        EnsureTrace((4L * records) + 2);
        _cl.Write(_commands, commandFrame);
        Run(KernelAbi.ModeExecuteSealed, (uint)commandFrame.Length, _timing.LinkCycles(commandFrame.Length), _timing.LinkCycles(responseBytes));
        ThrowIfRejected();
        int written = (int)_public[KernelAbi.PubResultBytes];
        _cl.Read(_responses, responseFrame[..written]);
        return written;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One kernel launch for the whole batch (BOLT_MODE_EXECUTE_FRAMES): the frames go down in one buffer behind a table
    /// of their sizes and link timings, the kernel serves them in order as <see cref="ExecuteSealed"/> would, and the
    /// per-frame verdicts and response frames come back in one read. Every response buffer is checked before anything
    /// runs.
    /// </remarks>
    public void ExecuteSealedFrames(SealedFrameBatch batch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(batch);
        int count = batch.Count;
        if (count == 0)
        {
            return;
        }

        long input = (long)count * KernelAbi.FramesEntryBytes, output = (long)count * KernelAbi.FramesResultBytes, largest = 1, rows = 0;
        for (int i = 0; i < count; i++)
        {
            var frame = batch.CommandFrame(i).Span;
            int records = Math.Max(0, frame.Length - FrameLayout.OverheadBytes) / Parameters.CommandBytes;
            int responseBytes = FrameLayout.Bytes(records, Parameters.ResponseBytes);
            if (WellFormed(frame, records) && batch.ResponseBuffer(i).Length < responseBytes)
            {
                throw new ArgumentException($"Frame {i}'s response frame needs {responseBytes} bytes; got {batch.ResponseBuffer(i).Length}.", nameof(batch));
            }

            input += frame.Length;
            output += responseBytes;
            largest = Math.Max(largest, (long)frame.Length + responseBytes);
            rows += (4L * records) + 2;
        }

        if (input > int.MaxValue || output > int.MaxValue)
        {
            throw new ArgumentException("The batch's frames exceed the 2 GiB one launch takes; submit fewer frames per call.", nameof(batch));
        }

        EnsureFramesStaging((int)Math.Max(input, output));
        var down = _framesStaging.AsSpan(0, (int)input);
        int at = count * KernelAbi.FramesEntryBytes;
        for (int i = 0; i < count; i++)
        {
            var frame = batch.CommandFrame(i).Span;
            int records = Math.Max(0, frame.Length - FrameLayout.OverheadBytes) / Parameters.CommandBytes;
            var entry = down.Slice(i * KernelAbi.FramesEntryBytes, KernelAbi.FramesEntryBytes);
            BinaryPrimitives.WriteUInt64LittleEndian(entry, (ulong)frame.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], (ulong)_timing.LinkCycles(frame.Length));
            BinaryPrimitives.WriteUInt64LittleEndian(entry[16..], (ulong)_timing.LinkCycles(FrameLayout.Bytes(records, Parameters.ResponseBytes)));
            frame.CopyTo(down[at..]);
            at += frame.Length;
        }

        EnsureCommands(input);
        EnsureResponses(output);
        EnsureFrame(largest);
        EnsureTrace(rows);
        _cl.Write<byte>(_commands, down);
        Run(KernelAbi.ModeExecuteFrames, (uint)count, 0, 0);
        var up = _framesStaging.AsSpan(0, (int)output);
        _cl.Read(_responses, up);
        at = count * KernelAbi.FramesResultBytes;
        for (int i = 0; i < count; i++)
        {
            ulong status = BinaryPrimitives.ReadUInt64LittleEndian(up[(i * KernelAbi.FramesResultBytes)..]);
            int bytes = (int)BinaryPrimitives.ReadUInt64LittleEndian(up[((i * KernelAbi.FramesResultBytes) + 8)..]);
            int records = Math.Max(0, batch.CommandFrame(i).Length - FrameLayout.OverheadBytes) / Parameters.CommandBytes;
            var error = CallError(status);
            if (error is null)
            {
                up.Slice(at, bytes).CopyTo(batch.ResponseBuffer(i).Span);
                batch.Answer(i, bytes);
            }
            else
            {
                batch.Refuse(i, error);
            }

            at += FrameLayout.Bytes(records, Parameters.ResponseBytes);
        }
    }

    /// <inheritdoc/>
    public void Execute(ReadOnlySpan<byte> commands, Span<byte> responses)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_initialised)
        {
            throw new DeviceStateException("The device holds no map yet: it must be initialised (create the map) before its first access.");
        }

        int count = RecordBatch.Count(Parameters, commands.Length, responses.Length);
        int responseBytes = count * Parameters.ResponseBytes;
        EnsureCommands(commands.Length);
        EnsureResponses(responseBytes);
        EnsureTrace((4L * count) + 2);
        _cl.Write(_commands, commands);
        Run(KernelAbi.ModeExecute, (uint)count, _timing.LinkCycles(FrameLayout.Bytes(count, Parameters.CommandBytes)), _timing.LinkCycles(FrameLayout.Bytes(count, Parameters.ResponseBytes)));
        _cl.Read(_responses, responses[..responseBytes]);
    }

    /// <summary>
    /// The relay's own size check (SPEC §10.4: a response buffer too small is a host-runtime error, refused before
    /// the frame goes down): only for a frame whose length, kind and count the kernel would accept, so a malformed
    /// frame is still reported by the kernel as malformed.
    /// </summary>
    private static bool WellFormed(ReadOnlySpan<byte> frame, int records) =>
        frame.Length >= FrameLayout.OverheadBytes && records is >= 1 and <= ChannelEndpoint.MaxFrameRecords
        && FrameLayout.ReadKind(frame) == FrameKind.Commands && FrameLayout.ReadCount(frame) == (uint)records;

    private void AppendLoadPart(ReadOnlySpan<byte> putRecords)
    {
        int bytes = checked(_loadPartBytes + putRecords.Length);
        if (_loadParts.Length < bytes)
        {
            Array.Resize(ref _loadParts, Math.Max(bytes, (int)Math.Min(int.MaxValue - 64, 2L * _loadParts.Length)));
        }

        putRecords.CopyTo(_loadParts.AsSpan(_loadPartBytes));
        _loadPartBytes = bytes;
    }

    /// <summary>A plaintext or sealed load: the load's HBM time goes into the state, then the kernel runs it.</summary>
    private void RunLoad(uint mode, ReadOnlySpan<byte> input, uint count, int records)
    {
        _config[KernelAbi.StTLoadHbm] = (ulong)_timing.LoadHbmCycles(records);
        _cl.Write<ulong>(_configBuffer, _config);
        EnsureCommands(Math.Max(input.Length, 1));
        EnsureResponses(Parameters.ResponseBytes);
        EnsureFrame(Math.Max(input.Length, 1));
        EnsureTrace(1L + Parameters.HostPages);
        if (input.Length > 0)
        {
            _cl.Write(_commands, input);
        }

        Run(mode, count, _timing.LinkCycles(FrameLayout.Bytes(records, Parameters.CommandBytes)), 0);
        ThrowIfRejected();
        ulong status = _public[KernelAbi.PubStatus];
        if (status != (ulong)DeviceStatus.Ok)
        {
            throw new BulkLoadException((DeviceStatus)status, $"The device refused the bulk load at item {_public[KernelAbi.PubErrorIndex]}: {(DeviceStatus)status}; it stays empty.");
        }

        _initialised = true;
    }

    /// <summary>Turns a channel fault the kernel reported into the typed exception every device throws.</summary>
    private void ThrowIfRejected()
    {
        ulong status = _public[KernelAbi.PubStatus];
        if (status > KernelAbi.CallChannelFault)
        {
            throw ChannelError(status);
        }
    }

    private static ChannelViolationException ChannelError(ulong status)
    {
        var fault = (ChannelFault)(status - KernelAbi.CallChannelFault);
        return new ChannelViolationException(fault, fault == ChannelFault.Handshake
            ? $"The kernel rejected the client hello (a client hello is {HelloLayout.ClientBytes} bytes); no session was opened."
            : $"The kernel rejected a frame ({fault}); nothing was executed.");
    }

    /// <summary>The typed error of one sealed frame's call status (null when it was served), as the single-frame calls throw it.</summary>
    private static BoltException? CallError(ulong status) => status switch
    {
        (ulong)DeviceStatus.Ok => null,
        KernelAbi.CallNotInitialised => new DeviceStateException(NotInitialisedMessage),
        > KernelAbi.CallChannelFault => ChannelError(status),
        _ => new KernelCallRefusedException(KernelAbi.ModeExecuteSealed, status),
    };

    private const string NotInitialisedMessage = "The device holds no map yet: it must be initialised (create the map) before its first access.";

    /// <inheritdoc/>
    public void Dispose()
    {
        DropLoadParts();
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_hostMapped != null)
        {
            _cl.UnmapHostPages(_host, _hostMapped);
            _hostMapped = null;
        }

        _cl.Release(_host);
        _cl.Release(_frame);
        _cl.Release(_commands);
        _cl.Release(_responses);
        _cl.Release(_trace);
        _cl.Release(_configBuffer);
        _cl.Release(_publicBuffer);
        foreach (var buffer in _fixed)
        {
            _cl.Release(buffer);
        }

        _cl.Dispose();
    }

    /// <summary>One kernel call: the host pages are coherent for it both ways (the host's edits go down, the kernel's come back).</summary>
    private void Run(uint mode, uint count, long linkIn, long linkOut)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (uint i = 0; i < _fixed.Length; i++)
        {
            _cl.SetArg(i, _fixed[i]);
        }

        _cl.SetArg(ArgFrame, _frame);
        _cl.SetArg(ArgCommands, _commands);
        _cl.SetArg(ArgResponses, _responses);
        _cl.SetArg(ArgHost, _host);
        _cl.SetArg(ArgTrace, _trace);
        _cl.SetArg(ArgMode, mode);
        _cl.SetArg(ArgCount, count);
        _cl.SetArg(ArgLinkIn, (ulong)linkIn);
        _cl.SetArg(ArgLinkOut, (ulong)linkOut);
        _cl.SetArg(ArgConfig, _configBuffer);
        _cl.SetArg(ArgPublic, _publicBuffer);
        _cl.Launch(_host, ref _hostMapped, _hostBytes);

        // The public status record is all that comes back (SPEC §11).
        _cl.Read<ulong>(_publicBuffer, _public);
        Profile = Profile.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, _cl.LastKernelSeconds);
        ulong status = _public[KernelAbi.PubStatus];
        if (status is KernelAbi.CallNotInitialised or KernelAbi.CallAlreadyInitialised)
        {
            throw new DeviceStateException(status == KernelAbi.CallNotInitialised
                ? NotInitialisedMessage
                : "The device already holds a map (it was initialised); a new map needs a fresh device. To use the existing map, connect to it.");
        }

        // A refused checkpoint import is reported by the caller (OpenClDevice.Checkpoint.cs) as a typed storage error.
        if (status is >= KernelAbi.CallNotInitialised and < KernelAbi.CallChannelFault and not (KernelAbi.CallBadCheckpoint or KernelAbi.CallWrongDevice or KernelAbi.CallRolledBack))
        {
            throw new KernelCallRefusedException(mode, status);
        }

        EmitTrace((int)_public[KernelAbi.PubTraceRows]);
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

    /// <summary>
    /// Provisioning (SPEC §11): the sealed root key and the lifetime entropy go down; the kernel opens the blob into
    /// its private state and starts a fresh lifetime. Without a blob the runtime seals <see cref="OpenClDeviceOptions.Seed"/>
    /// to the build's device key itself (development only: this process then holds the root key).
    /// </summary>
    private void Provision(OpenClDeviceOptions options)
    {
        var blob = options.ProvisioningBlob ?? DeviceProvisioning.Seal(options.DeviceUniqueKey, options.Seed);
        var lifetime = options.Lifetime ?? DeviceLifetime.Draw();
        if (blob.Length != DeviceProvisioning.BlobBytes || lifetime.Length != DeviceLifetime.Bytes)
        {
            throw new BoltConfigurationException("provisioning", $"A provisioning blob is {DeviceProvisioning.BlobBytes} bytes and a lifetime {DeviceLifetime.Bytes}.");
        }

        var input = new byte[KernelAbi.ProvisionInputBytes];
        blob.CopyTo(input, 0);
        lifetime.CopyTo(input, DeviceProvisioning.BlobBytes);
        EnsureCommands(input.Length);
        EnsureResponses(Parameters.ResponseBytes);
        EnsureTrace(1);
        _cl.Write<byte>(_commands, input);
        Run(KernelAbi.ModeProvision, (uint)input.Length, 0, 0);
    }

    /// <summary>The kernel's build defines for the device-unique key (a board bakes it into the bitstream instead).</summary>
    private static string DeviceKeyDefines(byte[]? key)
    {
        if (key is not { Length: 16 })
        {
            throw new BoltConfigurationException("device-key", "The device-unique key is 16 bytes.");
        }

        return $" -DBOLT_DEVICE_KEY_LO=0x{BinaryPrimitives.ReadUInt64LittleEndian(key):X16}UL -DBOLT_DEVICE_KEY_HI=0x{BinaryPrimitives.ReadUInt64LittleEndian(key.AsSpan(8)):X16}UL";
    }

    /// <summary>
    /// The size of the kernel's on-chip page images (bolt_core.h BOLT_MAX_PAGE_BODY): exactly this map's page body, so
    /// an OpenCL work item's private arrays hold one page and no more.
    /// </summary>
    private static string PageBodyDefine(BoltParameters? p) => p is null ? string.Empty : $" -DBOLT_MAX_PAGE_BODY={p.SlotsPerBin * p.SlotBytes}";

    /// <summary>The host-side staging array of a multi-frame call (both directions), grown by doubling and kept.</summary>
    private void EnsureFramesStaging(int bytes)
    {
        if (_framesStaging.Length < bytes)
        {
            _framesStaging = new byte[Math.Max(bytes, (int)Math.Min(int.MaxValue - 64, 2L * _framesStaging.Length))];
        }
    }

    private void EnsureFrame(long bytes) => Grow(ref _frame, ref _frameCapacity, bytes, ArgFrame);

    private void EnsureCommands(long bytes) => Grow(ref _commands, ref _commandCapacity, bytes, ArgCommands);

    private void EnsureResponses(long bytes) => Grow(ref _responses, ref _responseCapacity, bytes, ArgResponses);

    private void EnsureTrace(long rows)
    {
        long capacityBytes = _traceCapacityRows * KernelAbi.TraceRowWords * sizeof(ulong);
        Grow(ref _trace, ref capacityBytes, rows * KernelAbi.TraceRowWords * sizeof(ulong), ArgTrace);
        _traceCapacityRows = capacityBytes / (KernelAbi.TraceRowWords * sizeof(ulong));
    }

    /// <summary>Replaces a per-call buffer by a larger one (doubling, so a growing batch size reallocates rarely).</summary>
    private void Grow(ref nint buffer, ref long capacity, long bytes, uint argument)
    {
        if (buffer != 0 && capacity >= bytes)
        {
            return;
        }

        long size = Math.Max(bytes, Math.Max(capacity * 2, 4096));
        _cl.Release(buffer);
        buffer = 0;
        buffer = _cl.CreateBuffer(argument, size);
        capacity = size;
    }

}

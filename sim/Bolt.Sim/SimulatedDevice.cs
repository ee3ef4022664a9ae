using Bolt.Core;
using System.Security.Cryptography;
using Bolt.Core.Channel;
using Bolt.Core.Crypto;
using Bolt.Core.Device;
using Bolt.Core.Trace;
using Bolt.Sim.Engine;
using Bolt.Sim.Stats;
using Bolt.Sim.Timing;

namespace Bolt.Sim;

/// <summary>
/// The cycle-level simulator of the accelerator: the functional engine (what happens) driven through the
/// constant-time schedule (when it happens), recording the host-visible trace and run statistics. The host
/// is modeled as a closed loop: each batch is submitted when the previous batch's responses have arrived.
/// Sealed frames go through a <see cref="ChannelEndpoint"/> to the same record port as <see cref="Execute"/>;
/// either way the trace and timing model the sealed frame the hardware receives. While serving a batch it
/// prefetches the next commands' position-map slots and pages, so wall time per op stays flat as maps outgrow
/// the CPU caches.
/// </summary>
public sealed partial class SimulatedDevice : IBoltDevice
{
    private readonly BoltEngine _engine;
    private readonly AccessSchedule _schedule;
    private readonly LatencyRecorder _latency = new();
    private readonly long _turnaround;
    private readonly ChannelEndpoint _channel;
    private readonly RecordBatchHandler _execute;
    private readonly LoadHandler _initialise;
    private readonly byte[] _deviceKey;
    private byte[] _lifetime;
    private long _hostReady;
    private long _firstSubmit = -1;
    private long _lastResponse;
    private long _initCycles;
    private long _ops;
    private long _batches;
    private long _pageBytes;
    private long _commandFrameBytes;
    private long _responseFrameBytes;
    private long _pagesTouched;
    private bool _sharedSubmission;

    /// <summary>Creates a device; <see cref="Initialise"/> must follow.</summary>
    public SimulatedDevice(SimulatedDeviceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Parameters = options.Parameters ?? throw new BoltConfigurationException(nameof(options.Parameters), "SimulatedDeviceOptions.Parameters is null; give the map's parameters.");
        if (options.Seed is not { Length: 16 })
        {
            throw new BoltConfigurationException(nameof(options.Seed), "SimulatedDeviceOptions.Seed must be a 16-byte device key.");
        }

        SimulatorFootprint.EnsureFits(Parameters, SimulatorFootprint.AvailableBytes());

        // A fresh lifetime for every start (SPEC §3), unless co-simulation pins one to match the kernel.
        Span<byte> lifetimeKey = stackalloc byte[DeviceLifetime.Bytes];
        _lifetime = options.Lifetime ?? DeviceLifetime.Draw();
        _deviceKey = (byte[])options.Seed.Clone();
        DeviceLifetime.DeriveKey(options.Seed, _lifetime, lifetimeKey);
        _engine = new BoltEngine(options.Parameters, lifetimeKey, options.HostRegionFile) { Leak = options.Leak, PrefetchHints = options.Prefetch };
        _schedule = AccessSchedule.Create(options.Parameters, options.Platform);
        _turnaround = options.Platform.NsToCycles(options.Platform.HostTurnaroundNs);
        _channel = new ChannelEndpoint(options.Seed, lifetimeKey, options.Parameters);
        CryptographicOperations.ZeroMemory(lifetimeKey);
        _execute = Execute;
        _initialise = LoadFrame;
    }

    /// <inheritdoc/>
    public string Name => "sim";

    /// <inheritdoc/>
    public BoltParameters Parameters { get; }

    /// <inheritdoc/>
    public ITraceSink? Trace { get; set; }

    /// <inheritdoc/>
    public HostRegion HostMemory => _engine.Host.Region;

    /// <summary>The functional engine, for counters and diagnostics.</summary>
    public BoltEngine Engine => _engine;

    /// <summary>The device end of the sealed channel, for its counters.</summary>
    public ChannelEndpoint Channel => _channel;

    /// <summary>The device's current cycle (when it is next free).</summary>
    public long Cycle => _schedule.DeviceFree;

    /// <inheritdoc/>
    public void Initialise(ReadOnlySpan<byte> putRecords) => LoadFrame(putRecords, lastPart: true);

    /// <inheritdoc/>
    public void InitialisePart(ReadOnlySpan<byte> putRecords) => LoadFrame(putRecords, lastPart: false);

    /// <inheritdoc/>
    public void OpenSession(ReadOnlySpan<byte> clientHello, Span<byte> deviceHello) => _channel.OpenSession(clientHello, deviceHello);

    /// <inheritdoc/>
    public void InitialiseSealed(ReadOnlySpan<byte> loadFrame) => _channel.Load(loadFrame, _initialise);

    /// <inheritdoc/>
    public int ExecuteSealed(ReadOnlySpan<byte> commandFrame, Span<byte> responseFrame) => _channel.ExecuteSealed(commandFrame, responseFrame, _execute);

    /// <summary>
    /// Serves the frames in order, each under its own session, as one submission: the modeled host pays its
    /// turnaround once after the last frame rather than after each (the frames were all waiting at the device).
    /// </summary>
    public void ExecuteSealedFrames(SealedFrameBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        try
        {
            for (int i = 0; i < batch.Count; i++)
            {
                _sharedSubmission = i < batch.Count - 1;
                batch.Serve(i, this);
            }
        }
        finally
        {
            _sharedSubmission = false;
        }
    }

    /// <inheritdoc/>
    public void Execute(ReadOnlySpan<byte> commands, Span<byte> responses)
    {
        int count = RecordBatch.Count(Parameters, commands.Length, responses.Length);
        long submit = _hostReady;
        long firstOp = _engine.AccessSequence;
        if (_firstSubmit < 0)
        {
            _firstSubmit = submit;
        }

        long ready = _schedule.BeginBatch(firstOp, count, submit, Trace);
        long t = ready;
        int commandBytes = Parameters.CommandBytes;
        int responseBytes = Parameters.ResponseBytes;
        for (int i = 0; i < count; i++)
        {
            if (_engine.PrefetchHints)
            {
                _engine.Prefetch(Record(commands, i + 1, count, commandBytes), Record(commands, i + 2, count, commandBytes));
            }

            var touches = _engine.Access(commands.Slice(i * commandBytes, commandBytes), responses.Slice(i * responseBytes, responseBytes));
            t = Math.Max(t, _schedule.Access(firstOp + i, ready, touches, Trace));
            _pageBytes += (touches.IsRefused ? 0 : touches.Aborted ? 2L : 4L) * Parameters.PageBytes;
            _pagesTouched += touches.IsRefused ? 0 : 2;
        }

        long arrived = _schedule.EndBatch(firstOp + count - 1, count, t, Trace);
        _latency.Record(arrived - submit, count);
        _commandFrameBytes += FrameLayout.Bytes(count, commandBytes);
        _responseFrameBytes += FrameLayout.Bytes(count, responseBytes);
        _ops += count;
        _batches++;
        _lastResponse = arrived;
        _hostReady = _sharedSubmission ? arrived : arrived + _turnaround;
    }

    /// <inheritdoc/>
    public DevicePublicStatus PublicStatus
    {
        get
        {
            var counters = _engine.Counters;
            return new DevicePublicStatus
            {
                Ops = _ops,
                Batches = _batches,
                FramesRejected = _channel.Rejected,
                FramesRetransmitted = _channel.Retransmitted,
                IntegrityFailures = counters.IntegrityFailures,
                Halted = _engine.Halted,
                Initialised = _engine.IsInitialised,
            };
        }
    }

    /// <summary>The run's statistics so far.</summary>
    public RunStatistics Statistics
    {
        get
        {
            var platform = _schedule.Platform;
            var counters = _engine.Counters;
            double seconds = _ops == 0 ? 0 : platform.CyclesToSeconds(_lastResponse - _firstSubmit);
            double perOp = Math.Max(_ops, 1);
            return new RunStatistics
            {
                Ops = _ops,
                Batches = _batches,
                LatencyMeanUs = _latency.Mean / platform.KernelClockHz * 1e6,
                LatencyP50Us = platform.CyclesToSeconds(_latency.Percentile(0.50)) * 1e6,
                LatencyP99Us = platform.CyclesToSeconds(_latency.Percentile(0.99)) * 1e6,
                ModeledSeconds = seconds,
                ModeledThroughputOpsPerSecond = seconds > 0 ? _ops / seconds : 0,
                ModeledInitSeconds = platform.CyclesToSeconds(_initCycles),
                PageBytesPerOp = _pageBytes / perOp,
                CommandBytesPerOp = _commandFrameBytes / perOp,
                ResponseBytesPerOp = _responseFrameBytes / perOp,
                HostBytesPerOp = (_pageBytes + _commandFrameBytes + _responseFrameBytes) / perOp,
                HbmBytesPerOp = _ops == 0 ? 0 : _schedule.HbmBytesPerAccess,
                PagesTouchedPerOp = _pagesTouched / perOp,
                MaxBinLoad = counters.MaxBinLoad,
                MaxHbmItems = counters.MaxHbmItems,
                MaxEvictionBuffer = counters.MaxEvictionBuffer,
                MaxStash = counters.MaxStash,
                IntegrityFailures = counters.IntegrityFailures,
            };
        }
    }

    /// <summary>Frees the native memory of the HBM structures and the host region.</summary>
    public void Dispose() => _engine.Dispose();

    private static ReadOnlySpan<byte> Record(ReadOnlySpan<byte> records, int index, int count, int bytes) =>
        index < count ? records.Slice(index * bytes, bytes) : default;

    /// <summary>One load frame (the whole load, or a part of a streamed one): timed as it arrives, then placed.</summary>
    private void LoadFrame(ReadOnlySpan<byte> putRecords, bool lastPart)
    {
        _schedule.LoadFrame(putRecords.Length / Parameters.CommandBytes, Trace);
        _engine.LoadPart(putRecords);
        if (lastPart)
        {
            _engine.CompleteLoad(page => _schedule.LoadPage(page, Trace));
            _initCycles = _schedule.DeviceFree;
            _hostReady = _initCycles;
        }
    }

}

using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Device;
using Bolt.Sim.Stats;
using Bolt.Sim.Timing;

namespace Bolt.Bench.Rules;

/// <summary>
/// What the two comparison models share: the platform's link and HBM channels (the same timing classes as the
/// simulator, so every rule runs on one timing model), plaintext command batches over the link, the closed-loop
/// host, and the run's figures. A subclass says how one item is loaded and how one access is served and timed.
/// Commands run strictly one after another, as in BOLT's artifact.
/// </summary>
public abstract class ModeledDevice : IModeledDevice
{
    private readonly LatencyRecorder _latency = new();
    private readonly long _turnaround;
    private long _hostReady;
    private long _firstSubmit = -1;
    private long _lastResponse;
    private long _initCycles;
    private long _ops;
    private long _batches;
    private long _loaded;
    private bool _initialised;

    /// <summary>Sets up the timing resources for a configuration on a platform.</summary>
    protected ModeledDevice(BoltParameters parameters, PlatformPreset platform)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(platform);
        Parameters = parameters;
        Platform = platform;
        Link = new PcieLink(platform);
        MapChannel = new HbmChannel(platform);
        RecordChannel = new HbmChannel(platform);
        _turnaround = platform.NsToCycles(platform.HostTurnaroundNs);
    }

    /// <inheritdoc/>
    public abstract DeviceRule Rule { get; }

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public BoltParameters Parameters { get; }

    /// <summary>The platform whose timing is modeled.</summary>
    protected PlatformPreset Platform { get; }

    /// <summary>The PCIe link to host memory.</summary>
    protected PcieLink Link { get; }

    /// <summary>The pseudo-channel of the position map.</summary>
    protected HbmChannel MapChannel { get; }

    /// <summary>The pseudo-channel of records, loads and lists.</summary>
    protected HbmChannel RecordChannel { get; }

    /// <summary>Host-memory page bytes moved so far (reads and writes).</summary>
    protected long PageBytes { get; set; }

    /// <summary>Host pages touched so far.</summary>
    protected long PagesTouched { get; set; }

    /// <summary>HBM bytes moved so far.</summary>
    protected long HbmBytes { get; set; }

    /// <inheritdoc/>
    public RunStatistics Statistics
    {
        get
        {
            double seconds = _ops == 0 ? 0 : Platform.CyclesToSeconds(_lastResponse - _firstSubmit);
            double perOp = Math.Max(_ops, 1);
            double frames = (double)_ops * (Parameters.CommandBytes + Parameters.ResponseBytes);
            return new RunStatistics
            {
                Ops = _ops,
                Batches = _batches,
                LatencyMeanUs = _latency.Mean / Platform.KernelClockHz * 1e6,
                LatencyP50Us = Platform.CyclesToSeconds(_latency.Percentile(0.50)) * 1e6,
                LatencyP99Us = Platform.CyclesToSeconds(_latency.Percentile(0.99)) * 1e6,
                ModeledSeconds = seconds,
                ModeledThroughputOpsPerSecond = seconds > 0 ? _ops / seconds : 0,
                ModeledInitSeconds = Platform.CyclesToSeconds(_initCycles),
                PageBytesPerOp = PageBytes / perOp,
                CommandBytesPerOp = _ops * Parameters.CommandBytes / perOp,
                ResponseBytesPerOp = _ops * Parameters.ResponseBytes / perOp,
                HostBytesPerOp = (PageBytes + frames) / perOp,
                HbmBytesPerOp = HbmBytes / perOp,
                PagesTouchedPerOp = PagesTouched / perOp,
            };
        }
    }

    /// <inheritdoc/>
    public void Initialise(ReadOnlySpan<byte> putRecords)
    {
        InitialisePart(putRecords);
        _initCycles = CompleteLoad(_loaded);
        _hostReady = _initCycles;
        _initialised = true;
    }

    /// <inheritdoc/>
    public void InitialisePart(ReadOnlySpan<byte> putRecords)
    {
        if (_initialised)
        {
            throw new InvalidOperationException("The device is already initialised.");
        }

        int stride = Parameters.CommandBytes;
        if (putRecords.Length % stride != 0)
        {
            throw new ArgumentException($"The load is not a whole number of {stride}-byte records.", nameof(putRecords));
        }

        for (int i = 0; i < putRecords.Length / stride; i++)
        {
            var record = putRecords.Slice(i * stride, stride);
            var digest = CommandLayout.ReadDigest(record);
            uint length = CommandLayout.ReadLength(record);
            if (_loaded >= Parameters.Capacity || CommandLayout.ReadOp(record) != (uint)OpCode.Put || digest.IsZero || length > Parameters.ValueSize)
            {
                throw new BulkLoadException(_loaded >= Parameters.Capacity ? DeviceStatus.CapacityExceeded : DeviceStatus.InvalidCommand,
                    $"Load item {_loaded} is not a valid put or exceeds the capacity.");
            }

            LoadItem(_loaded++, digest, record.Slice(CommandLayout.ValueOffset, (int)length));
        }
    }

    /// <inheritdoc/>
    public void Execute(ReadOnlySpan<byte> commands, Span<byte> responses)
    {
        if (!_initialised)
        {
            throw new InvalidOperationException("The device must be initialised before its first access.");
        }

        int count = RecordBatch.Count(Parameters, commands.Length, responses.Length);
        long submit = _hostReady;
        if (_firstSubmit < 0)
        {
            _firstSubmit = submit;
        }

        // Plaintext records cross the link as they are: no frame header, tag or GCM pass.
        long t = Link.Read(submit, count * Parameters.CommandBytes);
        for (int i = 0; i < count; i++)
        {
            var command = commands.Slice(i * Parameters.CommandBytes, Parameters.CommandBytes);
            var response = responses.Slice(i * Parameters.ResponseBytes, Parameters.ResponseBytes);
            t = Access(command, response, t);
        }

        long arrived = Link.Write(Link.WriteIssue(t), count * Parameters.ResponseBytes) + (Link.RoundTrip / 2);
        _latency.Record(arrived - submit, count);
        _ops += count;
        _batches++;
        _lastResponse = arrived;
        _hostReady = arrived + _turnaround;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Places load item <paramref name="index"/>; a repeated digest is a <see cref="BulkLoadException"/>.</summary>
    protected abstract void LoadItem(long index, Digest128 digest, ReadOnlySpan<byte> value);

    /// <summary>Ends the load; returns the modeled cycle at which the device is ready.</summary>
    protected abstract long CompleteLoad(long items);

    /// <summary>Serves one command starting at cycle <paramref name="start"/>; returns the cycle it ends.</summary>
    protected abstract long Access(ReadOnlySpan<byte> command, Span<byte> response, long start);

    /// <summary>Frees native memory.</summary>
    protected abstract void Dispose(bool disposing);

    /// <summary>SPEC §6.2's checks: op, digest, put length; Ok when the command is valid.</summary>
    protected DeviceStatus Validate(ReadOnlySpan<byte> command)
    {
        uint op = CommandLayout.ReadOp(command);
        if (op is < (uint)OpCode.Get or > (uint)OpCode.Delete)
        {
            return DeviceStatus.InvalidCommand;
        }

        if (CommandLayout.ReadDigest(command).IsZero)
        {
            return DeviceStatus.InvalidKey;
        }

        return op == (uint)OpCode.Put && CommandLayout.ReadLength(command) > Parameters.ValueSize ? DeviceStatus.ValueTooLarge : DeviceStatus.Ok;
    }

    /// <summary>Cycles to move <paramref name="bytes"/> over the link in one bulk transfer, a round trip included.</summary>
    protected long BulkLinkCycles(long bytes) => Link.RoundTrip + (long)Math.Ceiling(bytes / Platform.PerCycle(Platform.PcieBytesPerSecond));

    /// <summary>Cycles to write <paramref name="bytes"/> into HBM across every pseudo-channel at once (a bulk copy).</summary>
    protected long AllChannelCycles(long bytes) =>
        (long)Math.Ceiling(bytes / (Platform.PerCycle(Platform.HbmChannelBytesPerSecond) * Platform.HbmPseudoChannels));
}

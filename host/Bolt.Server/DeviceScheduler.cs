using System.Collections.Concurrent;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Core.Device;
using Bolt.Remote.Protocol;
using Bolt.Server.Durability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bolt.Server;

/// <summary>
/// The only thread that touches the device. Clients with requests wait in a ready queue; each turn takes one request
/// from the client at the head and sends that client to the back if it has more, so clients share the device
/// round-robin, one frame at a time, whatever their batch sizes. Up to <see cref="BoltServerOptions.MaxFramesPerDeviceCall"/>
/// consecutive command frames (of different clients) go to the device in one call. The thread only relays: it never
/// holds a session key, and what it learns (sizes, counts, which frames were refused) the host sees anyway.
/// </summary>
internal sealed class DeviceScheduler : IHostedService, IDisposable
{
    private readonly IBoltDevice _device;
    private readonly BoltServerOptions _options;
    private readonly ServerStatistics _statistics;
    private readonly ILogger<DeviceScheduler> _logger;
    private readonly ConcurrentQueue<ClientConnection> _ready = new();
    private readonly SemaphoreSlim _work = new(0);
    private readonly SealedFrameBatch _batch;
    private readonly List<DeviceRequest> _turn = [];
    private readonly List<OutgoingMessage> _replies = [];
    private readonly int _maxCommandFrameBytes;
    private readonly int[] _slots;
    private readonly DurableStore? _store;
    private GroupCommitter? _committer;
    private Thread? _thread;
    private volatile bool _stopping;
    private volatile bool _initialised;

    public DeviceScheduler(IBoltDevice device, BoltServerOptions options, ServerStatistics statistics, ILogger<DeviceScheduler> logger, DurableStore? store = null)
    {
        _device = device;
        _store = store;
        _options = options;
        _statistics = statistics;
        _logger = logger;
        _batch = new SealedFrameBatch(options.MaxFramesPerDeviceCall);
        _slots = new int[options.MaxFramesPerDeviceCall];
        _maxCommandFrameBytes = FrameLayout.Bytes(options.MaxFrameRecords, device.Parameters.CommandBytes);
    }

    /// <summary>The largest request payload the daemon reads: a maximal command frame, or the whole load while it waits for one.</summary>
    public long MaxRequestBytes => !_initialised && _options.AwaitLoad
        ? Math.Max(_maxCommandFrameBytes, FrameLayout.Bytes(_device.Parameters.Capacity, _device.Parameters.CommandBytes))
        : _maxCommandFrameBytes;

    public WelcomeMessage Welcome() => new(_initialised, _device.Parameters, _options.MaxFrameRecords, _options.InFlightPerClient, _device.Name);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // A durable daemon's device comes initialised (or not) from its data directory.
        _initialised = _device.PublicStatus.Initialised;
        if (!_options.AwaitLoad && !_initialised)
        {
            // An empty map: the host learns nothing from an empty load, and clients fill it through sealed puts.
            _device.Initialise(default);
            _initialised = true;
        }

        if (_store is not null)
        {
            _committer = new GroupCommitter(_store, _store.GroupCommitDelay);
        }

        _thread = new Thread(Run) { Name = "bolt-device", IsBackground = true };
        _thread.Start();
        _logger.LogInformation("Device {Device} ready: capacity {Capacity}, value size {ValueSize}, {Slots} session slots{Waiting}",
            _device.Name, _device.Parameters.Capacity, _device.Parameters.ValueSize, _device.Parameters.SessionSlots, _initialised ? "" : ", waiting for a client's sealed load");
        return Task.CompletedTask;
    }

    /// <summary>Stops after the listeners drained: answers whatever is still queued, then ends the thread.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _work.Release();
        _thread?.Join();
        _committer?.Dispose();
        if (_store is { CanCheckpoint: true } && _committer is not { Failed: true })
        {
            // A checkpoint at shutdown: the next start restores it and has no log to replay. (In the middle of a
            // streamed load there is none: the log holds the load's parts, and the next start abandons that unfinished
            // load; its client loads again.)
            var report = _store.Checkpoint();
            _logger.LogInformation("Checkpoint {Number} at shutdown: commit {Commit}, {Bytes} bytes, {Ms:F1} ms", report.Number, report.Commit, report.Bytes, report.Elapsed.TotalMilliseconds);
        }

        return Task.CompletedTask;
    }

    /// <summary>Queues a request of its client (called by the client's read loop).</summary>
    public void Submit(DeviceRequest request)
    {
        _statistics.Queued(1);
        if (request.Client.Enqueue(request))
        {
            _ready.Enqueue(request.Client);
        }

        _work.Release();
    }

    public void Dispose() => _work.Dispose();

    private void Run()
    {
        while (true)
        {
            _work.Wait(TimeSpan.FromMilliseconds(100));
            while (TakeTurn())
            {
                Serve();
                if (_store is { CheckpointDue: true } && _committer is not { Failed: true })
                {
                    TakeCheckpoint();
                }
            }

            if (_stopping && _ready.IsEmpty)
            {
                return;
            }
        }
    }

    /// <summary>Takes up to one call's worth of requests, one per ready client in turn.</summary>
    private bool TakeTurn()
    {
        _turn.Clear();
        while (_turn.Count < _options.MaxFramesPerDeviceCall && _ready.TryDequeue(out var client))
        {
            var request = client.Take(out bool more);
            _statistics.Queued(-1);
            if (more)
            {
                _ready.Enqueue(client);
            }

            if (client.IsClosed)
            {
                request.Release();
                continue;
            }

            _turn.Add(request);
        }

        return _turn.Count > 0;
    }

    /// <summary>Serves the turn in order: runs of command frames as one device call, everything else one by one.</summary>
    private void Serve()
    {
        _replies.Clear();
        if (_committer is { Failed: true })
        {
            RefuseTurn();
            return;
        }

        for (int i = 0; i < _turn.Count;)
        {
            if (_turn[i].Type != MessageType.CommandFrame)
            {
                _replies.Add(ServeOne(_turn[i]));
                i++;
                continue;
            }

            int start = i;
            _batch.Clear();
            while (i < _turn.Count && _turn[i].Type == MessageType.CommandFrame)
            {
                i++;
            }

            ServeFrames(start, i);
        }

        if (_committer is not null)
        {
            // Durable daemon: the replies wait for the log records of this turn's calls (group commit).
            var replies = new List<(ClientConnection, OutgoingMessage)>(_turn.Count);
            for (int i = 0; i < _turn.Count; i++)
            {
                _turn[i].Release();
                replies.Add((_turn[i].Client, _replies[i]));
            }

            _committer.Release(replies, _store!.AppendedPosition, _store.Commit);
            return;
        }

        for (int i = 0; i < _turn.Count; i++)
        {
            _turn[i].Release();
            _turn[i].Client.Send(_replies[i]);
        }
    }

    /// <summary>
    /// After a failed log fsync the daemon stops taking work: every request that would touch the device is refused
    /// without running (so nothing is acknowledged that is not durable, and the device moves no further from the log);
    /// statistics are still answered.
    /// </summary>
    private void RefuseTurn()
    {
        foreach (var request in _turn)
        {
            request.Release();
            request.Client.Send(request.Type == MessageType.StatsRequest
                ? OutgoingMessage.Of(MessageType.Stats, System.Text.Encoding.UTF8.GetBytes(_statistics.ToJson(_device.Name, _initialised, _device.PublicStatus)), isReply: true)
                : Refusal(ErrorCode.StorageFailed, 0, "a write-ahead log fsync failed: this daemon acknowledges nothing more and ran nothing; restart it on working storage (recovery restores every acknowledged write)"));
        }
    }

    private CheckpointReport? TakeCheckpoint()
    {
        try
        {
            var report = _store!.Checkpoint();
            _statistics.CheckpointTaken();
            _logger.LogInformation("Checkpoint {Number}: commit {Commit}, {Bytes} bytes, {Ms:F1} ms", report.Number, report.Commit, report.Bytes, report.Elapsed.TotalMilliseconds);
            return report;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The log still holds every call since the last checkpoint, so nothing is lost; the next one is tried later.
            _logger.LogError(e, "A checkpoint failed; the log keeps growing until one succeeds");
            return null;
        }
    }

    private void ServeFrames(int start, int end)
    {
        var slots = _slots;
        int first = _replies.Count;
        for (int i = start; i < end; i++)
        {
            var frame = _turn[i].Payload;
            int records = FrameRecords(frame.Length);
            if (!_initialised)
            {
                _replies.Add(Refusal(ErrorCode.NotInitialised, 0, "the device waits for a client's sealed load before any command frame"));
                slots[i - start] = -1;
                continue;
            }

            if (records <= 0)
            {
                // The shape is public (SPEC §10.3); a frame no device could take is refused here, as the device would.
                _statistics.FrameRejected();
                _replies.Add(Refusal(ErrorCode.ChannelRejected, (byte)ChannelFault.Malformed,
                    $"a command frame is {FrameLayout.OverheadBytes} bytes plus 1 to {_options.MaxFrameRecords} whole {_device.Parameters.CommandBytes}-byte records; got {frame.Length} bytes"));
                slots[i - start] = -1;
                continue;
            }

            var reply = OutgoingMessage.Create(MessageType.ResponseFrame, FrameLayout.Bytes(records, _device.Parameters.ResponseBytes), isReply: true);
            _replies.Add(reply);
            slots[i - start] = _batch.Add(frame, MemoryOf(reply));
        }

        if (_batch.Count > 0)
        {
            try
            {
                _statistics.DeviceCall();
                _device.ExecuteSealedFrames(_batch);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _logger.LogError(e, "The device failed serving {Frames} frames", _batch.Count);
                for (int i = start; i < end; i++)
                {
                    if (slots[i - start] >= 0)
                    {
                        _replies[first + i - start].Release();
                        _replies[first + i - start] = Refusal(ErrorCode.DeviceError, 0, $"the device failed: {e.Message}");
                    }
                }

                return;
            }
        }

        for (int i = start; i < end; i++)
        {
            int slot = slots[i - start];
            if (slot < 0)
            {
                continue;
            }

            var error = _batch.Error(slot);
            if (error is null)
            {
                _statistics.FrameRelayed(FrameRecords(_turn[i].Payload.Length));
                continue;
            }

            _replies[first + i - start].Release();
            _replies[first + i - start] = RefusalFor(error);
        }
    }

    private OutgoingMessage ServeOne(DeviceRequest request)
    {
        try
        {
            switch (request.Type)
            {
                case MessageType.OpenSession:
                    var hello = OutgoingMessage.Create(MessageType.SessionOpened, HelloLayout.DeviceBytes, isReply: true);
                    try
                    {
                        _device.OpenSession(request.Payload.Span, hello.Payload);
                    }
                    catch
                    {
                        hello.Release();
                        throw;
                    }

                    _statistics.SessionOpened();
                    return hello;
                case MessageType.LoadFrame:
                    if (_initialised)
                    {
                        return Refusal(ErrorCode.AlreadyInitialised, 0, "the device is initialised already; a load is taken once, while the daemon waits for it (--await-load)");
                    }

                    _device.InitialiseSealed(request.Payload.Span);

                    // A load-part frame (a streamed load) leaves the device waiting for the rest: the device says when it is done.
                    _initialised = _device.PublicStatus.Initialised;
                    _statistics.Loaded();
                    _logger.LogInformation("Client {Client} loaded the device ({Bytes} bytes sealed)", request.Client.Id, request.Payload.Length);
                    return OutgoingMessage.Create(MessageType.Loaded, 0, isReply: true);
                case MessageType.CheckpointRequest:
                    if (_store is null)
                    {
                        return Refusal(ErrorCode.NotDurable, 0, "this daemon keeps no durable state (start it with --data DIR)");
                    }

                    if (!_store.CanCheckpoint)
                    {
                        return Refusal(ErrorCode.DeviceError, 0, "a streamed bulk load is in progress; checkpoint after its last part (the write-ahead log holds its parts)");
                    }

                    var report = TakeCheckpoint();
                    return report is null
                        ? Refusal(ErrorCode.DeviceError, 0, "the checkpoint failed (see the daemon's log); the write-ahead log still holds every call")
                        : OutgoingMessage.Of(MessageType.Checkpointed, System.Text.Encoding.UTF8.GetBytes(
                            $"{{\"checkpoint\":{report.Number},\"commit\":{report.Commit},\"bytes\":{report.Bytes},\"ms\":{report.Elapsed.TotalMilliseconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)}}}"), isReply: true);
                default:
                    return OutgoingMessage.Of(MessageType.Stats, System.Text.Encoding.UTF8.GetBytes(_statistics.ToJson(_device.Name, _initialised, _device.PublicStatus)), isReply: true);
            }
        }
        catch (BoltException e)
        {
            return RefusalFor(e);
        }
    }

    private OutgoingMessage RefusalFor(BoltException error)
    {
        switch (error)
        {
            case ChannelViolationException violation:
                _statistics.FrameRejected();
                return Refusal(ErrorCode.ChannelRejected, (byte)violation.Fault, violation.Message);
            case BulkLoadException load:
                return Refusal(ErrorCode.LoadRefused, (byte)load.Status, load.Message);
            default:
                return Refusal(ErrorCode.DeviceError, 0, error.Message);
        }
    }

    private static OutgoingMessage Refusal(ErrorCode code, byte detail, string text) => OutgoingMessage.Error(new ErrorMessage(code, detail, text), isReply: true);

    /// <summary>Records of a command frame of <paramref name="bytes"/> bytes, or 0 when no frame has that shape.</summary>
    private int FrameRecords(int bytes)
    {
        int body = bytes - FrameLayout.OverheadBytes;
        int records = body / _device.Parameters.CommandBytes;
        return body > 0 && body % _device.Parameters.CommandBytes == 0 && records <= _options.MaxFrameRecords ? records : 0;
    }

    private static Memory<byte> MemoryOf(OutgoingMessage message) => System.Runtime.InteropServices.MemoryMarshal.AsMemory(message.Bytes)[MessageHeader.Bytes..];
}

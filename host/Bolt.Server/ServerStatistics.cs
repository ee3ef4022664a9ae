using System.Text.Json;

namespace Bolt.Server;

/// <summary>
/// What the daemon counts: only what the host sees anyway (connections, message and frame counts, frame sizes in
/// records, queue depths, refusals). Nothing here depends on a key, an op or a value: the frames are sealed.
/// </summary>
public sealed class ServerStatistics
{
    private long _clientsConnected;
    private long _clientsAccepted;
    private long _clientsRefused;
    private long _sessionsOpened;
    private long _framesRelayed;
    private long _recordsRelayed;
    private long _framesRejected;
    private long _loads;
    private long _checkpoints;
    private long _deviceCalls;
    private long _queued;
    private long _protocolErrors;
    private long _timeouts;
    private long _slowReaders;

    internal void ClientAccepted()
    {
        Interlocked.Increment(ref _clientsAccepted);
        Interlocked.Increment(ref _clientsConnected);
    }

    internal void ClientClosed() => Interlocked.Decrement(ref _clientsConnected);

    internal void ClientRefused() => Interlocked.Increment(ref _clientsRefused);

    internal void SessionOpened() => Interlocked.Increment(ref _sessionsOpened);

    internal void FrameRelayed(int records)
    {
        Interlocked.Increment(ref _framesRelayed);
        Interlocked.Add(ref _recordsRelayed, records);
    }

    internal void FrameRejected() => Interlocked.Increment(ref _framesRejected);

    internal void Loaded() => Interlocked.Increment(ref _loads);

    internal void CheckpointTaken() => Interlocked.Increment(ref _checkpoints);

    internal void DeviceCall() => Interlocked.Increment(ref _deviceCalls);

    internal void Queued(int delta) => Interlocked.Add(ref _queued, delta);

    internal void ProtocolError() => Interlocked.Increment(ref _protocolErrors);

    internal void Timeout() => Interlocked.Increment(ref _timeouts);

    internal void SlowReader() => Interlocked.Increment(ref _slowReaders);

    /// <summary>Clients connected now.</summary>
    public long ClientsConnected => Interlocked.Read(ref _clientsConnected);

    /// <summary>Requests read and not yet taken by the device.</summary>
    public long QueueDepth => Interlocked.Read(ref _queued);

    /// <summary>Command frames relayed to the device.</summary>
    public long FramesRelayed => Interlocked.Read(ref _framesRelayed);

    /// <summary>Connections closed for breaking the protocol.</summary>
    public long ProtocolErrors => Interlocked.Read(ref _protocolErrors);

    /// <summary>The counters as one JSON object (the `Stats` reply, docs/protocol.md).</summary>
    public string ToJson(string device, bool initialised, Bolt.Core.Device.DevicePublicStatus status) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["device"] = device,
        ["initialised"] = initialised,
        ["deviceStatus"] = status,
        ["clientsConnected"] = ClientsConnected,
        ["clientsAccepted"] = Interlocked.Read(ref _clientsAccepted),
        ["clientsRefused"] = Interlocked.Read(ref _clientsRefused),
        ["sessionsOpened"] = Interlocked.Read(ref _sessionsOpened),
        ["framesRelayed"] = FramesRelayed,
        ["opsRelayed"] = Interlocked.Read(ref _recordsRelayed),
        ["framesRejected"] = Interlocked.Read(ref _framesRejected),
        ["loads"] = Interlocked.Read(ref _loads),
        ["checkpoints"] = Interlocked.Read(ref _checkpoints),
        ["deviceCalls"] = Interlocked.Read(ref _deviceCalls),
        ["queueDepth"] = QueueDepth,
        ["protocolErrors"] = ProtocolErrors,
        ["timeouts"] = Interlocked.Read(ref _timeouts),
        ["slowReadersClosed"] = Interlocked.Read(ref _slowReaders),
    });
}

using System.Text.Json;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Core.Device;
using Bolt.Core.Trace;
using Bolt.Remote.Protocol;

namespace Bolt.Remote;

/// <summary>
/// A Bolt device reached through a `bolt serve` daemon (docs/protocol.md), for a client enclave in another process:
/// <c>ObliviousMap.Connect(RemoteDevice.Connect("unix:/run/bolt.sock"), provisioningKey, prfKey)</c>. Only the sealed
/// channel crosses the connection: hellos, sealed command and load frames and sealed response frames, which the
/// daemon relays without being able to read them.
/// <para>
/// A broken connection is a <see cref="DeviceConnectionException"/>. The next call reconnects (trying for
/// <see cref="RemoteDeviceOptions.ConnectTimeout"/>); sessions live in the device, not in the connection, so the
/// client's <see cref="ChannelSession"/> retransmits a frame in doubt on the same session after the reconnect, and
/// the device answers it from its response cache if it had run it (SPEC §10.5): exactly once across reconnects.
/// </para>
/// <para>
/// The plaintext record port (<see cref="Initialise"/>, <see cref="Execute"/>) and the host memory stay in the
/// daemon's process: the daemon serves sealed traffic only (SPEC §10.6), so they are refused here. Calls are
/// serialised: one request is on the wire at a time.
/// </para>
/// </summary>
public sealed class RemoteDevice : IBoltDevice
{
    private readonly ServerAddress _address;
    private readonly RemoteDeviceOptions _options;
    private readonly Lock _gate = new();
    private RemoteConnection? _connection;
    private WelcomeMessage _welcome;
    private bool _disposed;

    private RemoteDevice(ServerAddress address, RemoteDeviceOptions options, RemoteConnection connection)
    {
        _address = address;
        _options = options;
        _connection = connection;
        _welcome = connection.Welcome;
    }

    /// <summary>Connects to the daemon at <paramref name="address"/> (<see cref="ServerAddress"/>).</summary>
    /// <exception cref="BoltConfigurationException">The address is not an address.</exception>
    /// <exception cref="DeviceConnectionException">No daemon answered within the connect timeout.</exception>
    /// <exception cref="ProtocolException">The peer is not a Bolt daemon speaking this protocol version.</exception>
    public static RemoteDevice Connect(string address, RemoteDeviceOptions? options = null)
    {
        var parsed = ServerAddress.Parse(address);
        options ??= new RemoteDeviceOptions();
        return new RemoteDevice(parsed, options, OpenConnection(parsed, options));
    }

    /// <inheritdoc/>
    public string Name => $"remote:{_welcome.DeviceName}@{_address}";

    /// <inheritdoc/>
    public BoltParameters Parameters => _welcome.Parameters;

    /// <summary>Whether the daemon's device was initialised when this client last connected (if not, it waits for a sealed load).</summary>
    public bool IsInitialised => _welcome.Initialised;

    /// <summary>The most requests the daemon lets one connection have waiting.</summary>
    public int InFlightLimit => _welcome.InFlightLimit;

    /// <summary>Reconnects made after the first connection.</summary>
    public long Reconnects { get; private set; }

    /// <inheritdoc/>
    /// <remarks>Always null: the trace is recorded where the device runs, in the daemon.</remarks>
    public ITraceSink? Trace
    {
        get => null;
        set
        {
            if (value is not null)
            {
                throw new InvalidOperationException("A remote device's host-visible trace is recorded in the daemon's process, not here.");
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>Empty: the sealed pages live in the daemon's process.</remarks>
    public HostRegion HostMemory { get; } = NoHostMemory();

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Always: the daemon takes sealed load frames only (<see cref="InitialiseSealed"/>).</exception>
    public void Initialise(ReadOnlySpan<byte> putRecords) =>
        throw new InvalidOperationException("The daemon serves the sealed channel only; initialise with a sealed load frame (ObliviousMap.Create).");

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Always: the daemon takes sealed load frames only (<see cref="InitialiseSealed"/>).</exception>
    public void InitialisePart(ReadOnlySpan<byte> putRecords) =>
        throw new InvalidOperationException("The daemon serves the sealed channel only; initialise with a sealed load frame (ObliviousMap.Create).");

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Always: the daemon relays sealed frames only (<see cref="ExecuteSealed"/>).</exception>
    public void Execute(ReadOnlySpan<byte> commands, Span<byte> responses) =>
        throw new InvalidOperationException("The daemon serves the sealed channel only; the plaintext record port stays in its process.");

    /// <inheritdoc/>
    /// <exception cref="DeviceConnectionException">The daemon could not be reached; the device opened no session that this client knows of.</exception>
    public void OpenSession(ReadOnlySpan<byte> clientHello, Span<byte> deviceHello)
    {
        if (deviceHello.Length < HelloLayout.DeviceBytes)
        {
            throw new ArgumentException($"The device hello needs {HelloLayout.DeviceBytes} bytes.", nameof(deviceHello));
        }

        lock (_gate)
        {
            var reply = Send(MessageType.OpenSession, clientHello, MessageType.SessionOpened);
            if (reply.Length != HelloLayout.DeviceBytes)
            {
                throw new ChannelViolationException(ChannelFault.Handshake, $"The daemon relayed a {reply.Length}-byte device hello; it is {HelloLayout.DeviceBytes} bytes.");
            }

            reply.Span.CopyTo(deviceHello);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="DeviceConnectionException">The daemon could not be reached; whether the load ran is unknown (<see cref="IsInitialised"/> after reconnecting tells).</exception>
    /// <exception cref="RemoteRefusalException">The daemon takes no load: its device is already initialised.</exception>
    public void InitialiseSealed(ReadOnlySpan<byte> loadFrame)
    {
        lock (_gate)
        {
            Send(MessageType.LoadFrame, loadFrame, MessageType.Loaded);
            _welcome = _welcome with { Initialised = true };
        }
    }

    /// <inheritdoc/>
    /// <returns>The length of the response frame the daemon relayed (at most the buffer is filled; a longer frame fails the client's checks).</returns>
    /// <exception cref="DeviceConnectionException">The connection broke: the frame ran whole or not at all; retransmit the same bytes after the reconnect.</exception>
    public int ExecuteSealed(ReadOnlySpan<byte> commandFrame, Span<byte> responseFrame)
    {
        lock (_gate)
        {
            var reply = Send(MessageType.CommandFrame, commandFrame, MessageType.ResponseFrame);
            int bytes = Math.Min(reply.Length, responseFrame.Length);
            reply.Span[..bytes].CopyTo(responseFrame);
            return reply.Length;
        }
    }

    /// <summary>The device's public status record, as the daemon's statistics report it (one round trip).</summary>
    /// <exception cref="DeviceConnectionException">The daemon could not be reached.</exception>
    public DevicePublicStatus PublicStatus =>
        JsonDocument.Parse(QueryStatistics()).RootElement.GetProperty("deviceStatus").Deserialize<DevicePublicStatus>();

    /// <summary>The daemon's statistics: one JSON object of what the host knows (docs/protocol.md).</summary>
    /// <exception cref="DeviceConnectionException">The daemon could not be reached.</exception>
    public string QueryStatistics()
    {
        lock (_gate)
        {
            return Encoding.UTF8.GetString(Send(MessageType.StatsRequest, default, MessageType.Stats).Span);
        }
    }

    /// <summary>
    /// Asks a durable daemon to take a checkpoint now; returns its JSON report (checkpoint, commit, bytes, ms) once the
    /// checkpoint is durable.
    /// </summary>
    /// <exception cref="RemoteRefusalException">The daemon keeps no durable state, or the checkpoint failed.</exception>
    /// <exception cref="DeviceConnectionException">The daemon could not be reached.</exception>
    public string RequestCheckpoint()
    {
        lock (_gate)
        {
            return Encoding.UTF8.GetString(Send(MessageType.CheckpointRequest, default, MessageType.Checkpointed).Span);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _connection?.Dispose();
            _connection = null;
        }
    }

    /// <summary>One request on the current connection, reconnecting first if it was lost; a failure drops the connection.</summary>
    private ReadOnlyMemory<byte> Send(MessageType type, ReadOnlySpan<byte> payload, MessageType expected)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_connection is null)
        {
            _connection = OpenConnection(_address, _options);
            _welcome = _connection.Welcome;
            Reconnects++;
        }

        try
        {
            return _connection.Request(type, payload, expected);
        }
        catch (RemoteRefusalException e)
        {
            throw Translate(e);
        }
        catch (Exception e) when (e is IOException or SocketException or ProtocolException { Code: ErrorCode.ShuttingDown or ErrorCode.ServerFull or ErrorCode.Timeout })
        {
            Drop();
            throw new DeviceConnectionException($"The connection to the daemon at {_address} was lost during a {type}: {e.Message}", e);
        }
        catch
        {
            Drop();
            throw;
        }
    }

    private static unsafe HostRegion NoHostMemory() => new(null, 0);

    private void Drop()
    {
        _connection?.Dispose();
        _connection = null;
    }

    /// <summary>The daemon's refusals as the typed errors a local device would throw.</summary>
    private static BoltException Translate(RemoteRefusalException e) => e.Code switch
    {
        ErrorCode.ChannelRejected => new ChannelViolationException((ChannelFault)e.Detail, e.Message),
        ErrorCode.LoadRefused => new BulkLoadException((DeviceStatus)e.Detail, e.Message),
        _ => e,
    };

    private static RemoteConnection OpenConnection(ServerAddress address, RemoteDeviceOptions options)
    {
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            try
            {
                return RemoteConnection.Open(address, options.ReplyTimeout);
            }
            catch (Exception e) when (e is IOException or SocketException or ProtocolException { Code: ErrorCode.ShuttingDown or ErrorCode.ServerFull })
            {
                if (clock.Elapsed + delay > options.ConnectTimeout)
                {
                    throw new DeviceConnectionException($"No Bolt daemon answered at {address} within {options.ConnectTimeout.TotalSeconds:0.#} s: {e.Message}", e);
                }

                Thread.Sleep(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            }
        }
    }
}

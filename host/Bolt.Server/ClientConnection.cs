using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Bolt.Remote.Protocol;
using Microsoft.Extensions.Logging;

namespace Bolt.Server;

/// <summary>
/// One client of the daemon. A read loop takes whole messages off a <see cref="PipeReader"/> and hands device work
/// to the <see cref="DeviceScheduler"/>; a write loop sends the replies in order. Its state is bounded: at most
/// <see cref="BoltServerOptions.InFlightPerClient"/> requests are read and unanswered, each at most one maximal
/// message, and the read loop stops reading while that many are outstanding (backpressure: a client that does not
/// read its replies soon stops being read). A broken message, an overlong one, an unknown type, a message that
/// stalls half-sent or a reply the client will not take closes this connection only, after an error message
/// where the socket still takes one; the device thread never waits for any client.
/// </summary>
internal sealed class ClientConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly BoltServerOptions _options;
    private readonly DeviceScheduler _scheduler;
    private readonly ServerStatistics _statistics;
    private readonly ILogger _logger;
    private readonly Queue<DeviceRequest> _queue = new();
    private readonly SemaphoreSlim _inFlight;
    private readonly Channel<OutgoingMessage> _outgoing = Channel.CreateUnbounded<OutgoingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abort = new();
    private bool _scheduled;
    private volatile bool _closed;

    public ClientConnection(long id, Socket socket, BoltServerOptions options, DeviceScheduler scheduler, ServerStatistics statistics, ILogger logger)
    {
        Id = id;
        _socket = socket;
        _options = options;
        _scheduler = scheduler;
        _statistics = statistics;
        _logger = logger;
        _inFlight = new SemaphoreSlim(options.InFlightPerClient, options.InFlightPerClient);
    }

    public long Id { get; }

    /// <summary>True once the connection is closing: its queued requests are dropped, not run.</summary>
    public bool IsClosed => _closed;

    /// <summary>Serves the client until it leaves, breaks the protocol, or the daemon stops (then drains first).</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        await using var stream = new NetworkStream(_socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        var writer = PipeWriter.Create(stream);
        var writing = WriteLoopAsync(writer);
        ErrorMessage? farewell = null;
        try
        {
            await ReadLoopAsync(reader, stopping).ConfigureAwait(false);

            // The client half-closed, or the daemon stops: the requests already read are answered first.
            await DrainAsync().ConfigureAwait(false);
            if (stopping.IsCancellationRequested)
            {
                farewell = new ErrorMessage(ErrorCode.ShuttingDown, 0, "the daemon is shutting down");
            }
        }
        catch (ProtocolException e)
        {
            if (e.Code == ErrorCode.Timeout)
            {
                _statistics.Timeout();
            }
            else
            {
                _statistics.ProtocolError();
            }

            _logger.LogWarning("Client {Client} closed: {Code}: {Message}", Id, e.Code, e.Message);
            farewell = new ErrorMessage(e.Code, 0, e.Message);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            _logger.LogInformation("Client {Client} connection lost: {Message}", Id, e.Message);
        }
        finally
        {
            _closed = true;
            if (farewell is not null)
            {
                _outgoing.Writer.TryWrite(OutgoingMessage.Error(farewell, isReply: false));
            }

            _outgoing.Writer.TryComplete();
            await writing.ConfigureAwait(false);
            await reader.CompleteAsync().ConfigureAwait(false);
            _socket.Close();
        }
    }

    /// <summary>
    /// Queues a reply (from the device thread or the read loop). Once the connection has closed, the reply is dropped:
    /// nothing waits for its in-flight place any more.
    /// </summary>
    public void Send(OutgoingMessage message)
    {
        if (!_outgoing.Writer.TryWrite(message))
        {
            message.Release();
        }
    }

    /// <summary>Adds a request to this client's queue; true when the client must join the scheduler's ready queue.</summary>
    public bool Enqueue(DeviceRequest request)
    {
        lock (_queue)
        {
            _queue.Enqueue(request);
            bool join = !_scheduled;
            _scheduled = true;
            return join;
        }
    }

    /// <summary>Takes the client's oldest request; <paramref name="more"/> says whether it stays in the ready queue.</summary>
    public DeviceRequest Take(out bool more)
    {
        lock (_queue)
        {
            var request = _queue.Dequeue();
            more = _queue.Count > 0;
            _scheduled = more;
            return request;
        }
    }

    private async Task ReadLoopAsync(PipeReader reader, CancellationToken stopping)
    {
        bool greeted = false;
        bool partial = false;
        using var timeout = new CancellationTokenSource();
        while (!stopping.IsCancellationRequested)
        {
            var wait = partial ? _options.MessageTimeout : _options.IdleTimeout;
            if (!timeout.TryReset())
            {
                throw new ProtocolException(ErrorCode.Timeout, "the connection timed out");
            }

            if (wait > TimeSpan.Zero)
            {
                timeout.CancelAfter(wait);
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                throw new ProtocolException(ErrorCode.Timeout, partial
                    ? $"a message stayed incomplete for {_options.MessageTimeout.TotalSeconds:0.#} s"
                    : $"the connection sat idle for {_options.IdleTimeout.TotalSeconds:0.#} s");
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var buffer = result.Buffer;
            try
            {
                while (TakeMessage(ref buffer, greeted, out var type, out var payload))
                {
                    if (!greeted)
                    {
                        if (type != MessageType.Hello)
                        {
                            throw new ProtocolException(ErrorCode.ProtocolViolation, $"the first message must be a Hello, not {Describe(type)}");
                        }

                        HelloMessage.Check(payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray());
                        greeted = true;
                        Send(OutgoingMessage.Of(MessageType.Welcome, _scheduler.Welcome().Encode(), isReply: false));
                        continue;
                    }

                    await SubmitAsync(type, payload, stopping).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }

            partial = !buffer.IsEmpty;
            if (result.IsCompleted)
            {
                if (partial)
                {
                    _logger.LogInformation("Client {Client} left in the middle of a message ({Bytes} bytes)", Id, buffer.Length);
                }

                return;
            }
        }
    }

    /// <summary>The next whole message; before the hello only a hello's length is allowed, so a stranger is told early.</summary>
    private bool TakeMessage(ref ReadOnlySequence<byte> buffer, bool greeted, out MessageType type, out ReadOnlySequence<byte> payload)
    {
        try
        {
            return MessageHeader.TryTake(ref buffer, greeted ? _scheduler.MaxRequestBytes : HelloMessage.Bytes, out type, out payload);
        }
        catch (ProtocolException) when (!greeted)
        {
            throw new ProtocolException(ErrorCode.ProtocolViolation, "the first message must be a Hello: this is not a Bolt client");
        }
    }

    /// <summary>Waits for an in-flight place (backpressure), then queues the request for the device thread.</summary>
    private async ValueTask SubmitAsync(MessageType type, ReadOnlySequence<byte> payload, CancellationToken stopping)
    {
        switch (type)
        {
            case MessageType.OpenSession or MessageType.CommandFrame or MessageType.LoadFrame or MessageType.StatsRequest or MessageType.CheckpointRequest:
                using (var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, _abort.Token))
                {
                    await _inFlight.WaitAsync(either.Token).ConfigureAwait(false);
                }

                _scheduler.Submit(DeviceRequest.Copy(this, type, payload));
                return;
            case MessageType.Hello:
                throw new ProtocolException(ErrorCode.ProtocolViolation, "a second Hello");
            case MessageType.Welcome or MessageType.SessionOpened or MessageType.ResponseFrame or MessageType.Loaded or MessageType.Stats or MessageType.Checkpointed or MessageType.Error:
                throw new ProtocolException(ErrorCode.ProtocolViolation, $"{type} is a daemon message; clients do not send it");
            default:
                throw new ProtocolException(ErrorCode.UnknownMessage, $"message type {(byte)type} is unknown");
        }
    }

    /// <summary>Writes replies in order; a client that does not take one within the write timeout is closed.</summary>
    private async Task WriteLoopAsync(PipeWriter writer)
    {
        using var timeout = new CancellationTokenSource();
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    writer.Write(message.Bytes.Span);
                }
                finally
                {
                    message.Release();
                }

                timeout.CancelAfter(_options.WriteTimeout);
                var flushed = await writer.FlushAsync(timeout.Token).ConfigureAwait(false);
                if (!timeout.TryReset() || flushed.IsCanceled || flushed.IsCompleted)
                {
                    throw new OperationCanceledException();
                }

                if (message.IsReply)
                {
                    _inFlight.Release();
                }

                if (message.Closes)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            if (!_closed)
            {
                _statistics.SlowReader();
                _logger.LogWarning("Client {Client} closed: it did not take a reply within {Seconds:0.#} s ({Message})", Id, _options.WriteTimeout.TotalSeconds, e.Message);
            }

            _closed = true;
            await _abort.CancelAsync().ConfigureAwait(false);
            _socket.Close();
        }
        finally
        {
            // Replies that can no longer be written still free their places and buffers.
            while (_outgoing.Reader.TryRead(out var left))
            {
                left.Release();
            }

            await writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>At shutdown: waits, up to the drain timeout, until every request already read is answered and written.</summary>
    private async Task DrainAsync()
    {
        // Holding every in-flight place means every reply was written (or the writer gave up and closed).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        deadline.CancelAfter(_options.DrainTimeout);
        try
        {
            for (int i = 0; i < _options.InFlightPerClient; i++)
            {
                await _inFlight.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("Client {Client}: replies still unwritten after {Seconds:0.#} s; closing", Id, _options.DrainTimeout.TotalSeconds);
        }
    }

    public void Dispose()
    {
        _abort.Dispose();
        _inFlight.Dispose();
    }

    private static string Describe(MessageType type) => Enum.IsDefined(type) ? type.ToString() : $"type {(byte)type}";
}

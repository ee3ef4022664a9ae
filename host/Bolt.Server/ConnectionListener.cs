using System.Collections.Concurrent;
using System.Net.Sockets;
using Bolt.Core;
using Bolt.Remote.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bolt.Server;

/// <summary>
/// Listens on the Unix socket and the TCP endpoint, accepts clients up to <see cref="BoltServerOptions.MaxClients"/>
/// and runs each as a <see cref="ClientConnection"/>. Stopping (SIGTERM, Ctrl-C) stops accepting, lets every
/// client's requests already read be answered, then closes the clients and removes the socket file.
/// </summary>
internal sealed class ConnectionListener : IHostedService, IDisposable
{
    private readonly BoltServerOptions _options;
    private readonly DeviceScheduler _scheduler;
    private readonly ServerStatistics _statistics;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<ConnectionListener> _logger;
    private readonly ConcurrentDictionary<long, Task> _clients = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _accepting = [];
    private long _nextId;

    public ConnectionListener(BoltServerOptions options, DeviceScheduler scheduler, ServerStatistics statistics, ILoggerFactory loggers)
    {
        _options = options;
        _scheduler = scheduler;
        _statistics = statistics;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ConnectionListener>();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.UnixSocketPath is { } path)
        {
            RemoveStaleSocket(path);
            Listen(new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified), new UnixDomainSocketEndPoint(path), "unix:" + path);
        }

        if (_options.TcpEndPoint is { } tcp)
        {
            var socket = new Socket(tcp.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            Listen(socket, tcp, $"tcp:{tcp}");
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("Stopping: no new clients; answering the requests already read");
        foreach (var listener in _listeners)
        {
            listener.Close();
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_accepting).ConfigureAwait(false);
        await Task.WhenAll(_clients.Values).ConfigureAwait(false);
        if (_options.UnixSocketPath is { } path)
        {
            File.Delete(path);
        }

        _logger.LogInformation("Stopped: {Frames} frames relayed", _statistics.FramesRelayed);
    }

    public void Dispose() => _stopping.Dispose();

    private void Listen(Socket socket, System.Net.EndPoint endPoint, string name)
    {
        try
        {
            socket.Bind(endPoint);
            socket.Listen(Math.Min(_options.MaxClients, 512));
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new BoltConfigurationException("listen", $"Cannot listen on {name}: {e.Message}");
        }

        _listeners.Add(socket);
        _accepting.Add(AcceptLoopAsync(socket));
        _logger.LogInformation("Listening on {Endpoint}", name);
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (client.ProtocolType == ProtocolType.Tcp)
            {
                client.NoDelay = true;
                client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            }

            if (_statistics.ClientsConnected >= _options.MaxClients)
            {
                _statistics.ClientRefused();
                _ = RefuseAsync(client);
                continue;
            }

            long id = Interlocked.Increment(ref _nextId);
            _statistics.ClientAccepted();
            var connection = new ClientConnection(id, client, _options, _scheduler, _statistics, _loggers.CreateLogger<ClientConnection>());
            _clients[id] = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(ClientConnection connection)
    {
        await Task.Yield();
        try
        {
            await connection.RunAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Client {Client} failed", connection.Id);
        }
        finally
        {
            connection.Dispose();
            _statistics.ClientClosed();
            _clients.TryRemove(connection.Id, out _);
        }
    }

    /// <summary>Tells a client over the limit why it is closed, without waiting on it for long.</summary>
    private async Task RefuseAsync(Socket client)
    {
        using (client)
        {
            var error = new ErrorMessage(ErrorCode.ServerFull, 0, $"the daemon serves {_options.MaxClients} clients at most").Encode();
            var message = new byte[MessageHeader.Bytes + error.Length];
            MessageHeader.Write(message, MessageType.Error, error.Length);
            error.CopyTo(message, MessageHeader.Bytes);
            using var timeout = new CancellationTokenSource(_options.WriteTimeout);
            try
            {
                await client.SendAsync(message, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                // The client is gone or will not read; it is closed either way.
            }
        }
    }

    /// <summary>A socket file left by a daemon that died is removed; one a live daemon answers on is not taken over.</summary>
    private static void RemoveStaleSocket(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            File.Delete(path);
            return;
        }

        throw new BoltConfigurationException("socket", $"Another daemon is listening on {path}.");
    }
}

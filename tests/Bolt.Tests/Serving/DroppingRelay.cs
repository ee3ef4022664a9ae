using System.Net.Sockets;
using Bolt.Remote.Protocol;

namespace Bolt.Tests.Serving;

/// <summary>
/// A relay between clients and a daemon, on its own Unix socket, that can cut a connection at the worst moment: after
/// the daemon answered a command frame (so the device ran it) and before the answer reaches the client.
/// </summary>
internal sealed class DroppingRelay : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly string _daemonPath;
    private readonly CancellationTokenSource _stop = new();
    private int _dropNextResponse;

    public DroppingRelay(string daemonPath)
    {
        _daemonPath = daemonPath;
        SocketPath = Path.Combine(Path.GetTempPath(), $"bolt-relay-{Guid.NewGuid():N}.sock");
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(16);
        _ = AcceptAsync();
    }

    public string SocketPath { get; }

    public string Address => "unix:" + SocketPath;

    /// <summary>Responses withheld by cutting the connection.</summary>
    public int Dropped { get; private set; }

    /// <summary>Cut the connection that carries the next response frame, instead of relaying it.</summary>
    public void DropNextResponse() => Interlocked.Exchange(ref _dropNextResponse, 1);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        File.Delete(SocketPath);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var daemon = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await daemon.ConnectAsync(new UnixDomainSocketEndPoint(_daemonPath));
            _ = PumpAsync(client, daemon, inspect: false);
            _ = PumpAsync(daemon, client, inspect: true);
        }
    }

    /// <summary>Copies whole messages from one socket to the other; the daemon-to-client side may cut instead.</summary>
    private async Task PumpAsync(Socket from, Socket to, bool inspect)
    {
        var header = new byte[MessageHeader.Bytes];
        try
        {
            while (true)
            {
                await ReceiveExactly(from, header);
                var (length, type) = MessageHeader.Read(header);
                var payload = new byte[length];
                await ReceiveExactly(from, payload);
                if (inspect && type == MessageType.ResponseFrame && Interlocked.Exchange(ref _dropNextResponse, 0) == 1)
                {
                    Dropped++;
                    break;
                }

                await to.SendAsync(header);
                await to.SendAsync(payload);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or EndOfStreamException)
        {
            // One side left; the other goes too.
        }

        from.Dispose();
        to.Dispose();
    }

    private static async Task ReceiveExactly(Socket socket, Memory<byte> buffer)
    {
        for (int done = 0; done < buffer.Length;)
        {
            int n = await socket.ReceiveAsync(buffer[done..]);
            if (n == 0)
            {
                throw new EndOfStreamException();
            }

            done += n;
        }
    }
}

using System.Net.Sockets;
using Bolt.Remote.Protocol;

namespace Bolt.Tests.Serving;

/// <summary>A client that speaks the daemon protocol byte by byte, so tests can send what no honest client would.</summary>
internal sealed class RawClient : IDisposable
{
    private readonly Socket _socket;

    private RawClient(Socket socket) => _socket = socket;

    public Socket Socket => _socket;

    public static RawClient Connect(string path, bool hello = true)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { ReceiveTimeout = 20_000, SendTimeout = 20_000 };
        socket.Connect(new UnixDomainSocketEndPoint(path));
        var client = new RawClient(socket);
        if (hello)
        {
            var payload = new byte[HelloMessage.Bytes];
            HelloMessage.Write(payload);
            client.Send(MessageType.Hello, payload);
            var (type, _) = client.Read() ?? throw new InvalidOperationException("no welcome");
            if (type != MessageType.Welcome)
            {
                throw new InvalidOperationException($"expected a welcome, got {type}");
            }
        }

        return client;
    }

    public static byte[] Message(MessageType type, ReadOnlySpan<byte> payload)
    {
        var message = new byte[MessageHeader.Bytes + payload.Length];
        MessageHeader.Write(message, type, payload.Length);
        payload.CopyTo(message.AsSpan(MessageHeader.Bytes));
        return message;
    }

    public void Send(MessageType type, ReadOnlySpan<byte> payload) => SendRaw(Message(type, payload));

    public void SendRaw(ReadOnlySpan<byte> bytes) => _socket.Send(bytes);

    /// <summary>Half-closes: the daemon answers what it read, then closes.</summary>
    public void EndSending() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>The next message, or null when the daemon closed the connection.</summary>
    public (MessageType Type, byte[] Payload)? Read()
    {
        var header = new byte[MessageHeader.Bytes];
        if (!Fill(header))
        {
            return null;
        }

        var (length, type) = MessageHeader.Read(header);
        if (length > 64 << 20)
        {
            throw new InvalidOperationException($"the daemon declared a {length}-byte message");
        }

        var payload = new byte[length];
        return Fill(payload) ? (type, payload) : throw new InvalidOperationException("the daemon closed inside a message");
    }

    /// <summary>Every message until the daemon closes the connection.</summary>
    public List<(MessageType Type, byte[] Payload)> ReadToEnd()
    {
        var messages = new List<(MessageType, byte[])>();
        while (Read() is { } message)
        {
            messages.Add(message);
        }

        return messages;
    }

    public void Dispose() => _socket.Dispose();

    private bool Fill(Span<byte> buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n;
            try
            {
                n = _socket.Receive(buffer[done..]);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset)
            {
                n = 0;
            }

            if (n == 0)
            {
                return done == 0 ? false : throw new InvalidOperationException("the daemon closed inside a message");
            }

            done += n;
        }

        return true;
    }
}

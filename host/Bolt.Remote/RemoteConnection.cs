using System.Buffers;
using System.Net.Sockets;
using Bolt.Core;
using Bolt.Remote.Protocol;

namespace Bolt.Remote;

/// <summary>
/// One connection to a daemon: the hello and welcome, then request and reply, one at a time. Any socket failure or
/// a reply that breaks the protocol leaves the connection unusable; the owner opens a new one.
/// </summary>
internal sealed class RemoteConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private byte[] _reply = [];

    private RemoteConnection(Socket socket, TimeSpan replyTimeout)
    {
        _socket = socket;
        _socket.ReceiveTimeout = _socket.SendTimeout = (int)Math.Min(int.MaxValue, replyTimeout.TotalMilliseconds);
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public WelcomeMessage Welcome { get; private set; } = null!;

    /// <summary>Connects and exchanges hello and welcome.</summary>
    /// <exception cref="SocketException">Nothing listens there.</exception>
    /// <exception cref="IOException">The connection broke or timed out.</exception>
    /// <exception cref="ProtocolException">The peer is not a Bolt daemon of this version, or refused the client.</exception>
    public static RemoteConnection Open(ServerAddress address, TimeSpan replyTimeout)
    {
        var connection = new RemoteConnection(address.Connect(), replyTimeout);
        try
        {
            Span<byte> hello = stackalloc byte[HelloMessage.Bytes];
            HelloMessage.Write(hello);
            var reply = connection.Request(MessageType.Hello, hello, MessageType.Welcome);
            connection.Welcome = WelcomeMessage.Decode(reply.Span);
            var p = connection.Welcome.Parameters;
            connection.MaxReplyBytes = Math.Max(connection.MaxReplyBytes, Bolt.Core.Channel.FrameLayout.Bytes(connection.Welcome.MaxFrameRecords, p.ResponseBytes));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The largest reply this connection reads: a response frame of the largest command frame, or a stats object.</summary>
    public long MaxReplyBytes { get; private set; } = 1 << 20;

    /// <summary>
    /// Sends one request and reads its reply. The reply's payload is valid until the next request.
    /// </summary>
    /// <exception cref="RemoteRefusalException">The daemon answered with an error that leaves the connection open.</exception>
    /// <exception cref="ProtocolException">The reply broke the protocol, or the daemon closed the connection with an error.</exception>
    /// <exception cref="IOException">The connection broke or timed out.</exception>
    public ReadOnlyMemory<byte> Request(MessageType type, ReadOnlySpan<byte> payload, MessageType expected)
    {
        var message = ArrayPool<byte>.Shared.Rent(MessageHeader.Bytes + payload.Length);
        try
        {
            MessageHeader.Write(message, type, payload.Length);
            payload.CopyTo(message.AsSpan(MessageHeader.Bytes));
            _stream.Write(message, 0, MessageHeader.Bytes + payload.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
        }

        Span<byte> header = stackalloc byte[MessageHeader.Bytes];
        _stream.ReadExactly(header);
        var (length, replyType) = MessageHeader.Read(header);
        if (length > MaxReplyBytes)
        {
            throw new ProtocolException(ErrorCode.MessageTooLarge, $"the daemon sent a {length}-byte {replyType} reply; at most {MaxReplyBytes} was expected");
        }

        if (_reply.Length < length)
        {
            _reply = new byte[Math.Max(length, 256)];
        }

        var reply = _reply.AsMemory(0, (int)length);
        _stream.ReadExactly(reply.Span);
        if (replyType == MessageType.Error)
        {
            var error = ErrorMessage.Decode(reply.Span);
            throw error.ClosesConnection
                ? new ProtocolException(error.Code, $"the daemon closed the connection ({error.Code}): {error.Text}")
                : new RemoteRefusalException(error);
        }

        return replyType == expected
            ? reply
            : throw new ProtocolException(ErrorCode.ProtocolViolation, $"the daemon answered a {type} with a {replyType}");
    }

    public void Dispose() => _stream.Dispose();
}

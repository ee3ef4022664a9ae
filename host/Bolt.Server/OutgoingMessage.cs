using System.Buffers;
using Bolt.Remote.Protocol;

namespace Bolt.Server;

/// <summary>
/// A whole message (header and payload) waiting to be written to a client, in a pooled buffer. A reply frees one of
/// the client's in-flight places once written; a closing message is the last one the connection writes.
/// </summary>
internal readonly struct OutgoingMessage
{
    private readonly byte[] _buffer;

    private OutgoingMessage(byte[] buffer, int length, bool isReply, bool closes)
    {
        _buffer = buffer;
        Length = length;
        IsReply = isReply;
        Closes = closes;
    }

    public int Length { get; }

    public bool IsReply { get; }

    public bool Closes { get; }

    public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, Length);

    /// <summary>A message with room for <paramref name="payloadBytes"/>; the caller fills <see cref="Payload"/> and may shrink it with <see cref="Resize"/>.</summary>
    public static OutgoingMessage Create(MessageType type, int payloadBytes, bool isReply, bool closes = false)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MessageHeader.Bytes + payloadBytes);
        MessageHeader.Write(buffer, type, payloadBytes);
        return new OutgoingMessage(buffer, MessageHeader.Bytes + payloadBytes, isReply, closes);
    }

    public static OutgoingMessage Of(MessageType type, ReadOnlySpan<byte> payload, bool isReply, bool closes = false)
    {
        var message = Create(type, payload.Length, isReply, closes);
        payload.CopyTo(message.Payload);
        return message;
    }

    public static OutgoingMessage Error(ErrorMessage error, bool isReply) => Of(MessageType.Error, error.Encode(), isReply, error.ClosesConnection);

    public Span<byte> Payload => _buffer.AsSpan(MessageHeader.Bytes, Length - MessageHeader.Bytes);

    /// <summary>The same message cut to <paramref name="payloadBytes"/> of payload (the header says so).</summary>
    public OutgoingMessage Resize(MessageType type, int payloadBytes)
    {
        MessageHeader.Write(_buffer, type, payloadBytes);
        return new OutgoingMessage(_buffer, MessageHeader.Bytes + payloadBytes, IsReply, Closes);
    }

    public void Release() => ArrayPool<byte>.Shared.Return(_buffer);
}

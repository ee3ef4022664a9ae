using System.Buffers;
using Bolt.Remote.Protocol;

namespace Bolt.Server;

/// <summary>
/// A request read from a client and waiting for the device thread: its type and a pooled copy of its payload (the
/// payload outlives the read buffer it came from). <see cref="Release"/> returns the copy once it is answered.
/// </summary>
internal sealed class DeviceRequest(ClientConnection client, MessageType type, byte[] payload, int length)
{
    public ClientConnection Client { get; } = client;

    public MessageType Type { get; } = type;

    public ReadOnlyMemory<byte> Payload => payload.AsMemory(0, length);

    public static DeviceRequest Copy(ClientConnection client, MessageType type, in ReadOnlySequence<byte> payload)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(payload.Length, 1));
        payload.CopyTo(buffer);
        return new DeviceRequest(client, type, buffer, (int)payload.Length);
    }

    public void Release() => ArrayPool<byte>.Shared.Return(payload);
}

using System.Buffers.Binary;
using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Remote.Protocol;

namespace Bolt.Tests.Serving;

/// <summary>
/// Makes fuzz inputs for the daemon: byte streams a client could send, grown from honest message sequences (hello,
/// session hellos, sealed frames of the right and wrong shapes, loads, stats requests) by mutations — bit flips,
/// random bytes, cut and spliced messages, changed lengths and types — or plain random bytes.
/// </summary>
internal sealed class ProtocolFuzzer(BoltParameters parameters, int seed)
{
    private readonly Random _random = new(seed);

    public byte[] Next()
    {
        int roll = _random.Next(100);
        if (roll < 5)
        {
            return Bytes(_random.Next(1, 64));
        }

        var stream = new List<byte>();
        if (roll >= 8)
        {
            var hello = new byte[HelloMessage.Bytes];
            HelloMessage.Write(hello);
            stream.AddRange(RawClient.Message(MessageType.Hello, hello));
        }

        int messages = _random.Next(1, 5);
        for (int i = 0; i < messages; i++)
        {
            stream.AddRange(HonestMessage());
        }

        var bytes = stream.ToArray();
        int mutations = _random.Next(0, 4);
        for (int i = 0; i < mutations; i++)
        {
            bytes = Mutate(bytes);
        }

        return bytes;
    }

    private byte[] HonestMessage()
    {
        switch (_random.Next(6))
        {
            case 0:
                return RawClient.Message(MessageType.OpenSession, Bytes(HelloLayout.ClientBytes));
            case 1:
                return RawClient.Message(MessageType.StatsRequest, default);
            case 2:
                return RawClient.Message(MessageType.LoadFrame, Frame(_random.Next(0, 3), FrameKind.Load));
            default:
                return RawClient.Message(MessageType.CommandFrame, Frame(_random.Next(1, 4), FrameKind.Commands));
        }
    }

    /// <summary>A frame of the right shape for a small session id and sequence number, with a random body and tag.</summary>
    private byte[] Frame(int records, FrameKind kind)
    {
        var frame = Bytes(FrameLayout.Bytes(records, parameters.CommandBytes));
        FrameLayout.WriteHeader(frame, (ulong)_random.Next(0, 4), (ulong)_random.Next(0, 3), records, kind);
        return frame;
    }

    private byte[] Mutate(byte[] input)
    {
        if (input.Length == 0)
        {
            return Bytes(8);
        }

        var bytes = (byte[])input.Clone();
        switch (_random.Next(input.Length < MessageHeader.Bytes ? 4 : 8))
        {
            case 0:
                bytes[_random.Next(bytes.Length)] ^= (byte)(1 << _random.Next(8));
                return bytes;
            case 1:
                bytes[_random.Next(bytes.Length)] = (byte)_random.Next(256);
                return bytes;
            case 2:
                return bytes[.._random.Next(bytes.Length)];
            case 3:
                int at = _random.Next(bytes.Length);
                return [.. bytes[..at], .. Bytes(_random.Next(1, 16)), .. bytes[at..]];
            case 4:
                // A message's length field: small, huge, or off by one.
                int header = FindHeader(bytes);
                uint length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(header));
                uint[] choices = [0, 1, length + 1, length - 1, uint.MaxValue, 1u << 30, (uint)_random.Next()];
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(header), choices[_random.Next(choices.Length)]);
                return bytes;
            case 5:
                bytes[FindHeader(bytes) + 4] = (byte)_random.Next(0, 20);
                return bytes;
            case 6:
                int cut = _random.Next(bytes.Length);
                return [.. bytes, .. bytes[cut..]];
            default:
                int from = _random.Next(bytes.Length), to = _random.Next(bytes.Length);
                (bytes[from], bytes[to]) = (bytes[to], bytes[from]);
                return bytes;
        }
    }

    /// <summary>The offset of some message header in an honest-shaped stream (walking the lengths as written).</summary>
    private int FindHeader(byte[] bytes)
    {
        var offsets = new List<int>();
        for (long at = 0; at + MessageHeader.Bytes <= bytes.Length;)
        {
            offsets.Add((int)at);
            at += MessageHeader.Bytes + BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)at));
        }

        return offsets.Count == 0 ? 0 : offsets[_random.Next(offsets.Count)];
    }

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }
}

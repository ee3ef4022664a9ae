using System.Buffers.Binary;
using System.Text;
using Bolt.Core;

namespace Bolt.Remote.Protocol;

/// <summary>
/// The daemon's reply to a hello: the protocol version, whether the device is initialised, the map parameters (all
/// the host may know of the map), the limits a client must respect, and the device's name.
/// </summary>
public sealed record WelcomeMessage(bool Initialised, BoltParameters Parameters, int MaxFrameRecords, int InFlightLimit, string DeviceName)
{
    private const int FixedBytes = 48;
    private const int MaxNameBytes = 256;

    /// <summary>The payload.</summary>
    public byte[] Encode()
    {
        var name = Encoding.UTF8.GetBytes(DeviceName);
        int nameBytes = Math.Min(name.Length, MaxNameBytes);
        var payload = new byte[FixedBytes + nameBytes];
        var s = payload.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(s, MessageHeader.Version);
        s[2] = Initialised ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], Parameters.Capacity);
        BinaryPrimitives.WriteInt32LittleEndian(s[8..], Parameters.BinFactor);
        BinaryPrimitives.WriteDoubleLittleEndian(s[12..], Parameters.HbmFraction);
        BinaryPrimitives.WriteInt32LittleEndian(s[20..], Parameters.ValueSize);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], Parameters.StashCapacity);
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], Parameters.SlotsPerBin);
        BinaryPrimitives.WriteInt32LittleEndian(s[32..], Parameters.SessionSlots);
        BinaryPrimitives.WriteInt32LittleEndian(s[36..], MaxFrameRecords);
        BinaryPrimitives.WriteInt32LittleEndian(s[40..], InFlightLimit);
        BinaryPrimitives.WriteUInt16LittleEndian(s[44..], (ushort)nameBytes);
        name.AsSpan(0, nameBytes).CopyTo(s[FixedBytes..]);
        return payload;
    }

    /// <summary>Reads a welcome payload.</summary>
    /// <exception cref="ProtocolException">The payload is malformed or names impossible parameters.</exception>
    public static WelcomeMessage Decode(ReadOnlySpan<byte> s)
    {
        if (s.Length < FixedBytes || BinaryPrimitives.ReadUInt16LittleEndian(s) != MessageHeader.Version)
        {
            throw new ProtocolException(ErrorCode.ProtocolViolation, $"a welcome of protocol version {MessageHeader.Version} is at least {FixedBytes} bytes");
        }

        int nameBytes = BinaryPrimitives.ReadUInt16LittleEndian(s[44..]);
        if (s.Length != FixedBytes + nameBytes)
        {
            throw new ProtocolException(ErrorCode.ProtocolViolation, $"the welcome is {s.Length} bytes; its name needs {FixedBytes + nameBytes}");
        }

        BoltParameters parameters;
        try
        {
            parameters = new BoltParameters(
                capacity: BinaryPrimitives.ReadInt32LittleEndian(s[4..]),
                binFactor: BinaryPrimitives.ReadInt32LittleEndian(s[8..]),
                hbmFraction: BinaryPrimitives.ReadDoubleLittleEndian(s[12..]),
                valueSize: BinaryPrimitives.ReadInt32LittleEndian(s[20..]),
                stashCapacity: BinaryPrimitives.ReadInt32LittleEndian(s[24..]),
                slotsPerBin: BinaryPrimitives.ReadInt32LittleEndian(s[28..]),
                sessionSlots: BinaryPrimitives.ReadInt32LittleEndian(s[32..]));
        }
        catch (BoltConfigurationException e)
        {
            throw new ProtocolException(ErrorCode.ProtocolViolation, $"the welcome names impossible parameters: {e.Message}");
        }

        int maxFrameRecords = BinaryPrimitives.ReadInt32LittleEndian(s[36..]);
        int inFlight = BinaryPrimitives.ReadInt32LittleEndian(s[40..]);
        if (maxFrameRecords < 1 || inFlight < 1)
        {
            throw new ProtocolException(ErrorCode.ProtocolViolation, $"the welcome's limits ({maxFrameRecords} records a frame, {inFlight} in flight) must be positive");
        }

        return new WelcomeMessage(s[2] != 0, parameters, maxFrameRecords, inFlight, Encoding.UTF8.GetString(s.Slice(FixedBytes, nameBytes)));
    }
}

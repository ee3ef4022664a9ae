using System.Text;

namespace Bolt.Remote.Protocol;

/// <summary>
/// An error reply: the code (u8), a detail byte (the channel fault for <see cref="ErrorCode.ChannelRejected"/>, the
/// device status for <see cref="ErrorCode.LoadRefused"/>, else 0) and a UTF-8 message for people.
/// </summary>
public sealed record ErrorMessage(ErrorCode Code, byte Detail, string Text)
{
    /// <summary>The longest message text sent, in bytes; longer texts are cut.</summary>
    public const int MaxTextBytes = 1024;

    /// <summary>Whether the daemon closes the connection after this error.</summary>
    public bool ClosesConnection => Code >= ErrorCode.ProtocolViolation;

    /// <summary>The payload.</summary>
    public byte[] Encode()
    {
        var text = Encoding.UTF8.GetBytes(Text);
        int textBytes = Math.Min(text.Length, MaxTextBytes);
        var payload = new byte[2 + textBytes];
        payload[0] = (byte)Code;
        payload[1] = Detail;
        text.AsSpan(0, textBytes).CopyTo(payload.AsSpan(2));
        return payload;
    }

    /// <summary>Reads an error payload.</summary>
    /// <exception cref="ProtocolException">Shorter than its two fixed bytes.</exception>
    public static ErrorMessage Decode(ReadOnlySpan<byte> payload) => payload.Length < 2
        ? throw new ProtocolException(ErrorCode.ProtocolViolation, "an error message has at least a code and a detail byte")
        : new ErrorMessage((ErrorCode)payload[0], payload[1], Encoding.UTF8.GetString(payload[2..]));
}

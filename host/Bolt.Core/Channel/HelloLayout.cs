using System.Buffers.Binary;

namespace Bolt.Core.Channel;

/// <summary>
/// The two handshake messages of the sealed channel (SPEC §10).
/// <code>
/// client hello: [0..16) client nonce (CSPRNG)
/// device hello: [0..8) session id u64 ‖ [8..16) reserved (0) ‖ [16..32) device nonce ‖ [32..48) confirmation
/// </code>
/// </summary>
public static class HelloLayout
{
    /// <summary>Bytes of a nonce.</summary>
    public const int NonceBytes = 16;

    /// <summary>Bytes of the client hello.</summary>
    public const int ClientBytes = NonceBytes;

    /// <summary>Bytes of the device hello.</summary>
    public const int DeviceBytes = 48;

    /// <summary>Offset of the device nonce in the device hello.</summary>
    public const int DeviceNonceOffset = 16;

    /// <summary>Offset of the key confirmation in the device hello.</summary>
    public const int ConfirmationOffset = 32;

    /// <summary>Writes the device hello.</summary>
    public static void WriteDevice(Span<byte> hello, ulong sessionId, ReadOnlySpan<byte> deviceNonce, ReadOnlySpan<byte> confirmation)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(hello, sessionId);
        BinaryPrimitives.WriteUInt64LittleEndian(hello[8..], 0);
        deviceNonce.CopyTo(hello[DeviceNonceOffset..]);
        confirmation.CopyTo(hello[ConfirmationOffset..]);
    }

    /// <summary>The session id of a device hello.</summary>
    public static ulong ReadSessionId(ReadOnlySpan<byte> hello) => BinaryPrimitives.ReadUInt64LittleEndian(hello);

    /// <summary>The device nonce of a device hello.</summary>
    public static ReadOnlySpan<byte> DeviceNonce(ReadOnlySpan<byte> hello) => hello.Slice(DeviceNonceOffset, NonceBytes);

    /// <summary>The key confirmation of a device hello.</summary>
    public static ReadOnlySpan<byte> Confirmation(ReadOnlySpan<byte> hello) => hello.Slice(ConfirmationOffset, NonceBytes);
}

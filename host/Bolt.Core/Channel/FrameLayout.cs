using System.Buffers.Binary;

namespace Bolt.Core.Channel;

/// <summary>
/// A sealed frame (SPEC §10): a batch of fixed-size records under AES-128-GCM.
/// <code>
/// [0..8)    session id u64   ┐ (a response frame: the device's commit number, SPEC §12)
/// [8..16)   sequence u64     │ header, authenticated as AAD
/// [16..20)  record count u32 │
/// [20..24)  kind u32         ┘
/// [24..24+n·recordBytes)  ciphertext of the n records
/// [..+16)   GCM tag
/// </code>
/// Nonce: sequence u64 ‖ kind u32. Every frame of n records is the same size whatever the records hold.
/// </summary>
public static class FrameLayout
{
    /// <summary>Bytes of the plaintext header.</summary>
    public const int HeaderBytes = 24;

    /// <summary>Bytes of the GCM tag.</summary>
    public const int TagBytes = 16;

    /// <summary>Header plus tag: what sealing adds to the records.</summary>
    public const int OverheadBytes = HeaderBytes + TagBytes;

    /// <summary>Offset of the sequence number.</summary>
    public const int SequenceOffset = 8;

    /// <summary>Offset of the record count.</summary>
    public const int CountOffset = 16;

    /// <summary>Offset of the kind.</summary>
    public const int KindOffset = 20;

    /// <summary>Bytes of a sealed frame of <paramref name="count"/> records of <paramref name="recordBytes"/> each.</summary>
    public static int Bytes(int count, int recordBytes) => checked(OverheadBytes + (count * recordBytes));

    /// <summary>Writes the header.</summary>
    public static void WriteHeader(Span<byte> frame, ulong sessionId, ulong sequence, int count, FrameKind kind)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(frame, sessionId);
        BinaryPrimitives.WriteUInt64LittleEndian(frame[SequenceOffset..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[CountOffset..], (uint)count);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[KindOffset..], (uint)kind);
    }

    /// <summary>The session id the header claims.</summary>
    public static ulong ReadSessionId(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadUInt64LittleEndian(frame);

    /// <summary>
    /// A response frame's first field: the device's commit number after the frame ran (SPEC §12), in place of the session
    /// id (the response key is the session's own, so a response of another session fails authentication anyway).
    /// </summary>
    public static ulong ReadCommit(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadUInt64LittleEndian(frame);

    /// <summary>The sequence number the header claims.</summary>
    public static ulong ReadSequence(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadUInt64LittleEndian(frame[SequenceOffset..]);

    /// <summary>The record count the header claims.</summary>
    public static uint ReadCount(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadUInt32LittleEndian(frame[CountOffset..]);

    /// <summary>The kind the header claims.</summary>
    public static FrameKind ReadKind(ReadOnlySpan<byte> frame) => (FrameKind)BinaryPrimitives.ReadUInt32LittleEndian(frame[KindOffset..]);

    /// <summary>The header bytes (the AAD).</summary>
    public static ReadOnlySpan<byte> Header(ReadOnlySpan<byte> frame) => frame[..HeaderBytes];

    /// <summary>The ciphertext of the records.</summary>
    public static Span<byte> Body(Span<byte> frame) => frame[HeaderBytes..^TagBytes];

    /// <summary>The ciphertext of the records.</summary>
    public static ReadOnlySpan<byte> Body(ReadOnlySpan<byte> frame) => frame[HeaderBytes..^TagBytes];

    /// <summary>The GCM tag.</summary>
    public static Span<byte> Tag(Span<byte> frame) => frame[^TagBytes..];

    /// <summary>The GCM tag.</summary>
    public static ReadOnlySpan<byte> Tag(ReadOnlySpan<byte> frame) => frame[^TagBytes..];

    /// <summary>The GCM nonce of a frame: sequence u64 ‖ kind u32.</summary>
    public static void WriteNonce(Span<byte> nonce, ulong sequence, FrameKind kind)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(nonce, sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(nonce[8..], (uint)kind);
    }
}

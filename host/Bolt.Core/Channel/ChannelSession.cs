using System.Security.Cryptography;
using Bolt.Core.Crypto;
using Bolt.Core.Device;

namespace Bolt.Core.Channel;

/// <summary>
/// The enclave side of one sealed-channel session (SPEC §10): it performs the handshake, seals command and load
/// frames with consecutive sequence numbers, and opens response frames, which must answer the outstanding
/// command frames in order. After any violation the session is <see cref="IsBroken"/> and must be replaced.
/// Not thread-safe: one caller at a time, as the device serves one frame at a time.
/// </summary>
public sealed class ChannelSession
{
    private readonly IBoltDevice _device;
    private readonly AesGcm128 _commands;
    private readonly AesGcm128 _responses;
    private readonly int _commandBytes;
    private readonly int _responseBytes;
    private readonly Queue<(ulong Sequence, int Count)> _outstanding = new();
    private byte[] _commandFrame = [];
    private byte[] _responseFrame = [];
    private ulong _nextSequence;

    private ChannelSession(IBoltDevice device, ulong sessionId, AesGcm128 commands, AesGcm128 responses)
    {
        _device = device;
        SessionId = sessionId;
        _commands = commands;
        _responses = responses;
        _commandBytes = device.Parameters.CommandBytes;
        _responseBytes = device.Parameters.ResponseBytes;
    }

    /// <summary>The session id the device assigned.</summary>
    public ulong SessionId { get; }

    /// <summary>True once a frame of this session was rejected on either side; the session must not be used again.</summary>
    public bool IsBroken { get; private set; }

    /// <summary>
    /// Runs the handshake with <paramref name="device"/>: a fresh client nonce from the OS CSPRNG, the device's
    /// hello, the session keys, and a constant-time check of the device's key confirmation.
    /// </summary>
    /// <param name="device">The device, reached through the untrusted host.</param>
    /// <param name="provisioningKey">The device's 16-byte provisioning key <c>K_prov</c>.</param>
    /// <exception cref="ChannelViolationException">The device hello is malformed or does not confirm the keys.</exception>
    public static ChannelSession Open(IBoltDevice device, ReadOnlySpan<byte> provisioningKey)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (provisioningKey.Length != ChannelKdf.KeyBytes)
        {
            throw new BoltConfigurationException("provisioningKey", "The provisioning key must be 16 bytes.");
        }

        Span<byte> clientNonce = stackalloc byte[HelloLayout.ClientBytes];
        RandomNumberGenerator.Fill(clientNonce);
        Span<byte> hello = stackalloc byte[HelloLayout.DeviceBytes];
        device.OpenSession(clientNonce, hello);

        var provisioning = new Aes128(provisioningKey);
        ulong id = HelloLayout.ReadSessionId(hello);
        var deviceNonce = HelloLayout.DeviceNonce(hello);
        Span<byte> key = stackalloc byte[ChannelKdf.KeyBytes];
        ChannelKdf.Derive(provisioning, KeyLabels.SessionConfirmation, clientNonce, deviceNonce, id, key);
        if (!CryptographicOperations.FixedTimeEquals(key, HelloLayout.Confirmation(hello)))
        {
            throw new ChannelViolationException(ChannelFault.Handshake,
                "The device did not confirm the session keys: it does not hold this provisioning key, or the host altered the handshake.");
        }

        ChannelKdf.Derive(provisioning, KeyLabels.SessionCommands, clientNonce, deviceNonce, id, key);
        var commands = new AesGcm128(key);
        ChannelKdf.Derive(provisioning, KeyLabels.SessionResponses, clientNonce, deviceNonce, id, key);
        var responses = new AesGcm128(key);
        CryptographicOperations.ZeroMemory(key);
        return new ChannelSession(device, id, commands, responses);
    }

    /// <summary>
    /// Seals whole command records into a frame with the next sequence number, and expects its response
    /// frame after those already outstanding.
    /// </summary>
    /// <returns>The frame's length in bytes.</returns>
    public int SealCommands(ReadOnlySpan<byte> commands, Span<byte> frame)
    {
        int count = RecordCount(commands.Length, _commandBytes, allowEmpty: false);
        int bytes = Seal(commands, count, FrameKind.Commands, frame);
        _outstanding.Enqueue((_nextSequence - 1, count));
        return bytes;
    }

    /// <summary>Seals Put records into a load frame (SPEC §7) with the next sequence number; no response follows.</summary>
    /// <returns>The frame's length in bytes.</returns>
    public int SealLoad(ReadOnlySpan<byte> putRecords, Span<byte> frame) =>
        Seal(putRecords, RecordCount(putRecords.Length, _commandBytes, allowEmpty: true), FrameKind.Load, frame);

    /// <summary>
    /// Authenticates the response frame of the oldest outstanding command frame and decrypts its records into
    /// <paramref name="responses"/>, which must be exactly that frame's record count long.
    /// </summary>
    /// <exception cref="ChannelViolationException">No command frame is outstanding, or the frame is not its authentic answer.</exception>
    public void OpenResponses(ReadOnlySpan<byte> frame, Span<byte> responses)
    {
        if (!_outstanding.TryPeek(out var expected))
        {
            Fail(ChannelFault.OutOfOrder, "a response frame arrived with no command frame outstanding");
        }

        int bytes = FrameLayout.Bytes(expected.Count, _responseBytes);
        if (frame.Length != bytes || responses.Length != expected.Count * _responseBytes
            || FrameLayout.ReadKind(frame) != FrameKind.Responses || FrameLayout.ReadCount(frame) != (uint)expected.Count)
        {
            Fail(ChannelFault.Malformed, $"expected a {bytes}-byte response frame of {expected.Count} records, got {frame.Length} bytes");
        }

        if (FrameLayout.ReadSessionId(frame) != SessionId)
        {
            Fail(ChannelFault.UnknownSession, $"the response names session {FrameLayout.ReadSessionId(frame)}, not {SessionId}");
        }

        ulong sequence = FrameLayout.ReadSequence(frame);
        if (sequence != expected.Sequence)
        {
            Fail(sequence < expected.Sequence ? ChannelFault.Replayed : ChannelFault.OutOfOrder, $"expected the response to frame {expected.Sequence}, got {sequence}");
        }

        Span<byte> nonce = stackalloc byte[AesGcm128.NonceSize];
        FrameLayout.WriteNonce(nonce, expected.Sequence, FrameKind.Responses);
        if (!_responses.TryOpen(nonce, FrameLayout.Body(frame), FrameLayout.Tag(frame), responses, FrameLayout.Header(frame)))
        {
            Fail(ChannelFault.BadTag, $"the response to frame {expected.Sequence} failed authentication");
        }

        _outstanding.Dequeue();
    }

    /// <summary>A whole round trip: seals the commands, has the device serve the frame, opens the responses.</summary>
    /// <exception cref="ChannelViolationException">Either side rejected a frame; the session is now broken.</exception>
    public void Execute(ReadOnlySpan<byte> commands, Span<byte> responses)
    {
        ThrowIfBroken();
        int count = RecordCount(commands.Length, _commandBytes, allowEmpty: false);
        var commandFrame = Grow(ref _commandFrame, FrameLayout.Bytes(count, _commandBytes));
        var responseFrame = Grow(ref _responseFrame, FrameLayout.Bytes(count, _responseBytes));
        SealCommands(commands, commandFrame);
        int answered;
        try
        {
            answered = _device.ExecuteSealed(commandFrame, responseFrame);
        }
        catch
        {
            // Whatever the device or the host did, this frame's answer will never come: the session is spent.
            IsBroken = true;
            throw;
        }

        OpenResponses(responseFrame[..Math.Min(answered, responseFrame.Length)], responses[..(count * _responseBytes)]);
    }

    /// <summary>Seals a load frame and has the device initialise itself from it (SPEC §7).</summary>
    /// <exception cref="ChannelViolationException">The device rejected the frame; the session is now broken.</exception>
    /// <exception cref="BulkLoadException">The device refused the load; it stays empty.</exception>
    public void Load(ReadOnlySpan<byte> putRecords)
    {
        ThrowIfBroken();
        var frame = new byte[FrameLayout.Bytes(putRecords.Length / _commandBytes, _commandBytes)];
        SealLoad(putRecords, frame);
        try
        {
            _device.InitialiseSealed(frame);
        }
        catch (ChannelViolationException)
        {
            IsBroken = true;
            throw;
        }
    }

    private int Seal(ReadOnlySpan<byte> records, int count, FrameKind kind, Span<byte> frame)
    {
        ThrowIfBroken();
        int bytes = FrameLayout.Bytes(count, _commandBytes);
        if (frame.Length < bytes)
        {
            throw new ArgumentException($"The frame needs {bytes} bytes; got {frame.Length}.", nameof(frame));
        }

        ulong sequence = _nextSequence++;
        FrameLayout.WriteHeader(frame, SessionId, sequence, count, kind);
        Span<byte> nonce = stackalloc byte[AesGcm128.NonceSize];
        FrameLayout.WriteNonce(nonce, sequence, kind);
        var sealedFrame = frame[..bytes];
        _commands.Seal(nonce, records, FrameLayout.Body(sealedFrame), FrameLayout.Tag(sealedFrame), FrameLayout.Header(sealedFrame));
        return bytes;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Fail(ChannelFault fault, string detail)
    {
        IsBroken = true;
        throw new ChannelViolationException(fault, $"A response frame was rejected ({fault}: {detail}); the batch's outcome is unknown.");
    }

    private void ThrowIfBroken()
    {
        if (IsBroken)
        {
            throw new InvalidOperationException($"Session {SessionId} saw a channel violation; open a new session.");
        }
    }

    private static int RecordCount(int length, int recordBytes, bool allowEmpty)
    {
        if (length % recordBytes != 0 || (!allowEmpty && length == 0))
        {
            throw new ArgumentException($"Expected one or more whole {recordBytes}-byte records; got {length} bytes.");
        }

        return length / recordBytes;
    }

    private static Span<byte> Grow(ref byte[] buffer, int bytes)
    {
        if (buffer.Length < bytes)
        {
            buffer = new byte[bytes];
        }

        return buffer.AsSpan(0, bytes);
    }
}

using System.Security.Cryptography;
using Bolt.Core.Crypto;
using Bolt.Core.Device;

namespace Bolt.Core.Channel;

/// <summary>
/// The enclave side of one sealed-channel session (SPEC §10): it performs the handshake, seals command and load
/// frames with consecutive sequence numbers, and opens response frames, which must answer the outstanding
/// command frames in order. <see cref="Execute"/> keeps its sealed frame until the answer authenticates and
/// retransmits the same bytes when a delivery fails (SPEC §10.5): the device runs a frame at most once and
/// answers a retransmission from its cache, so every frame this session sealed is either acknowledged or the
/// one still <see cref="HasPendingFrame">pending</see>, and no stale frame can run after a newer one. Only a
/// device that no longer knows the session (<see cref="IsBroken"/>) makes it give up; <see cref="Replace"/> then
/// opens a successor that proves the old session evicted. Not thread-safe: one caller at a time, as the device
/// serves one frame at a time.
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
    private byte[] _loadFrame = [];
    private byte[] _responseFrame = [];
    private ulong _nextSequence;
    private int _pendingBytes;
    private int _pendingCount;

    /// <summary>Deliveries of one frame before <see cref="Execute"/> gives up: the first and three retransmissions.</summary>
    public const int MaxDeliveries = 4;

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

    /// <summary>
    /// The highest device commit number an authentic response carried (SPEC §12), carried over to a successor by
    /// <see cref="Replace"/>: a lower one is refused as a rollback. Set it to what the client saw in earlier sessions.
    /// </summary>
    public ulong HighestCommit { get; set; }

    /// <summary>
    /// True once the device reported the session unknown (evicted), a device call failed outright, or a load frame
    /// was rejected: the session must not be used again; <see cref="Replace"/> opens its successor.
    /// </summary>
    public bool IsBroken { get; private set; }

    /// <summary>
    /// True while the frame of the last <see cref="Execute"/> has not had an authentic answer: the next call must be
    /// <see cref="ResolvePending"/>, which retransmits it, before anything new is sealed.
    /// </summary>
    public bool HasPendingFrame => _pendingBytes > 0;

    /// <summary>Records in the pending frame (0 when none).</summary>
    public int PendingCount => HasPendingFrame ? _pendingCount : 0;

    /// <summary>Retransmissions made so far (deliveries after the first of a frame).</summary>
    public long Retransmissions { get; private set; }

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

    /// <summary>
    /// Seals Put records into a load frame (SPEC §7) with the next sequence number — a load-part frame unless
    /// <paramref name="lastPart"/>; no response follows.
    /// </summary>
    /// <returns>The frame's length in bytes.</returns>
    public int SealLoad(ReadOnlySpan<byte> putRecords, Span<byte> frame, bool lastPart = true) =>
        Seal(putRecords, RecordCount(putRecords.Length, _commandBytes, allowEmpty: true), lastPart ? FrameKind.Load : FrameKind.LoadPart, frame);

    /// <summary>Records in one part of a streamed load: parts stay near 64 MiB whatever the record size.</summary>
    public static int LoadPartRecords(int commandBytes) => Math.Max(1, (64 << 20) / commandBytes);

    /// <summary>
    /// Authenticates the response frame of the oldest outstanding command frame and decrypts its records into
    /// <paramref name="responses"/>, which must be exactly that frame's record count long.
    /// </summary>
    /// <exception cref="ChannelViolationException">No command frame is outstanding, or the frame is not its authentic answer; the command frame stays outstanding.</exception>
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

        // Authentic, so the commit number is the device's: lower than one seen before means the device was rolled back.
        ulong commit = FrameLayout.ReadCommit(frame);
        if (commit < HighestCommit)
        {
            responses.Clear();
            IsBroken = true;
            Fail(ChannelFault.RolledBack, $"the device answers at commit {commit}, but commit {HighestCommit} was seen before: its state was rolled back");
        }

        HighestCommit = commit;
        _outstanding.Dequeue();
    }

    /// <summary>
    /// Opens a session to replace <paramref name="old"/>. When <paramref name="old"/> may still hold a frame the
    /// device has not run (a pending frame), handshakes go on until the new session's id is at least
    /// <c>old.SessionId + SessionSlots</c> (<see cref="BoltParameters.SessionSlots"/>): its slot was then reused, so the old frame can never run, whatever
    /// the host claimed (SPEC §10.5). The device's session ids are authenticated by the handshake.
    /// </summary>
    /// <exception cref="ChannelViolationException">A handshake failed, or the device never got past the old session.</exception>
    public static ChannelSession Replace(ChannelSession old, ReadOnlySpan<byte> provisioningKey)
    {
        ArgumentNullException.ThrowIfNull(old);
        var session = Open(old._device, provisioningKey);
        if (old.HasPendingFrame && session.SessionId <= old.SessionId)
        {
            // Session ids only grow on one device state. Lower ones mean the device lost its state (a restart without
            // durability) or was rolled back: the old session is gone there, and whether its frame ran before is unknown.
            throw new ChannelViolationException(ChannelFault.RolledBack,
                $"The device's sessions started again below session {old.SessionId} (new session {session.SessionId}): it lost its state or was rolled back, and the outcome of the pending frame is unknown.");
        }

        int slots = old._device.Parameters.SessionSlots;
        ulong dead = old.SessionId + (ulong)slots;
        for (int opened = 1; old.HasPendingFrame && session.SessionId < dead; opened++)
        {
            if (opened > slots)
            {
                throw new ChannelViolationException(ChannelFault.Handshake,
                    $"The device did not get past session {old.SessionId} in {opened} handshakes; its pending frame may still run.");
            }

            session = Open(old._device, provisioningKey);
        }

        session.HighestCommit = old.HighestCommit;
        return session;
    }

    /// <summary>
    /// A whole round trip: seals the commands, has the device serve the frame and opens the responses. A delivery
    /// that fails on either side (the device rejected the frame, or the answer did not authenticate) is retried
    /// with the same frame bytes, up to <see cref="MaxDeliveries"/> deliveries in all; the device answers a
    /// retransmission of a frame it already ran from its cache, so the batch runs exactly once if at all.
    /// </summary>
    /// <exception cref="ChannelViolationException">
    /// No delivery got an authentic answer: the frame is now pending and its outcome unknown to the caller
    /// (<see cref="ResolvePending"/> learns it); or the device reported the session unknown (<see cref="IsBroken"/>).
    /// </exception>
    /// <exception cref="DeviceConnectionException">The last delivery failed because a remote device could not be reached; the frame is pending, as above, and the session stays usable.</exception>
    /// <exception cref="InvalidOperationException">A frame is still pending, or the session is broken.</exception>
    public void Execute(ReadOnlySpan<byte> commands, Span<byte> responses)
    {
        ThrowIfBroken();
        if (HasPendingFrame)
        {
            throw new InvalidOperationException($"Session {SessionId} has a pending frame; resolve it before sending anything new.");
        }

        int count = RecordCount(commands.Length, _commandBytes, allowEmpty: false);
        if (responses.Length < count * _responseBytes)
        {
            throw new ArgumentException($"The responses need {count * _responseBytes} bytes; got {responses.Length}.", nameof(responses));
        }

        var commandFrame = Grow(ref _commandFrame, FrameLayout.Bytes(count, _commandBytes));
        _pendingBytes = SealCommands(commands, commandFrame);
        _pendingCount = count;
        Deliver(responses[..(count * _responseBytes)]);
    }

    /// <summary>
    /// Retransmits the pending frame (the same bytes) to learn its outcome: the device either runs it now, if it
    /// never did, or answers from its cache. On success its responses are in <paramref name="responses"/> and the
    /// session is ready for new frames.
    /// </summary>
    /// <returns>The records answered (0 when nothing was pending).</returns>
    /// <exception cref="ChannelViolationException">Still no authentic answer (the frame stays pending), or the session is unknown to the device (<see cref="IsBroken"/>).</exception>
    public int ResolvePending(Span<byte> responses)
    {
        ThrowIfBroken();
        if (!HasPendingFrame)
        {
            return 0;
        }

        int count = _pendingCount;
        if (responses.Length < count * _responseBytes)
        {
            throw new ArgumentException($"The pending frame's responses need {count * _responseBytes} bytes; got {responses.Length}.", nameof(responses));
        }

        Retransmissions++;
        Deliver(responses[..(count * _responseBytes)]);
        return count;
    }

    /// <summary>Delivers the pending frame until an answer authenticates, at most <see cref="MaxDeliveries"/> times.</summary>
    private void Deliver(Span<byte> responses)
    {
        var commandFrame = _commandFrame.AsSpan(0, _pendingBytes);
        var responseFrame = Grow(ref _responseFrame, FrameLayout.Bytes(_pendingCount, _responseBytes));
        BoltException? last = null;
        for (int delivery = 0; delivery < MaxDeliveries; delivery++)
        {
            if (delivery > 0)
            {
                Retransmissions++;
            }

            int answered;
            try
            {
                answered = _device.ExecuteSealed(commandFrame, responseFrame);
            }
            catch (ChannelViolationException e) when (e.Fault == ChannelFault.UnknownSession)
            {
                // Evicted, or the host says so: either way only a successor that proves eviction is safe.
                IsBroken = true;
                throw;
            }
            catch (ChannelViolationException e)
            {
                // Rejected in transit; the device ran nothing of this delivery, so the same bytes may follow.
                last = e;
                continue;
            }
            catch (DeviceConnectionException e)
            {
                // The link to a remote device dropped: the frame ran whole or not at all, and the device answers the
                // same bytes from its cache if it ran, so the session survives the reconnect.
                last = e;
                continue;
            }
            catch
            {
                // The device failed outright: whether the frame ran is unknowable and a retransmission may never be answered.
                IsBroken = true;
                throw;
            }

            try
            {
                OpenResponses(responseFrame[..Math.Min(answered, responseFrame.Length)], responses);
                _pendingBytes = 0;
                return;
            }
            catch (ChannelViolationException e) when (e.Fault != ChannelFault.RolledBack)
            {
                last = e;
            }
        }

        string pending = $"No authentic answer in {MaxDeliveries} deliveries: frame {_outstanding.Peek().Sequence} of session {SessionId} is pending and will be retransmitted before anything new.";
        throw last is DeviceConnectionException lost
            ? new DeviceConnectionException($"{lost.Message} {pending}", lost)
            : new ChannelViolationException(((ChannelViolationException)last!).Fault, $"{last.Message} {pending}");
    }

    /// <summary>
    /// Seals a load frame and has the device initialise itself from it (SPEC §7); with <paramref name="lastPart"/>
    /// false it is one part of a streamed load, which a later call with <paramref name="lastPart"/> true ends.
    /// </summary>
    /// <exception cref="ChannelViolationException">The device rejected the frame; the session is now broken.</exception>
    /// <exception cref="BulkLoadException">The device refused the load; it stays empty.</exception>
    public void Load(ReadOnlySpan<byte> putRecords, bool lastPart = true)
    {
        ThrowIfBroken();
        var frame = Grow(ref _loadFrame, FrameLayout.Bytes(putRecords.Length / _commandBytes, _commandBytes));
        SealLoad(putRecords, frame, lastPart);
        try
        {
            _device.InitialiseSealed(frame);
        }
        catch (ChannelViolationException)
        {
            IsBroken = true;
            throw;
        }
        finally
        {
            if (lastPart)
            {
                _loadFrame = [];
            }
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
    private static void Fail(ChannelFault fault, string detail)
    {
        throw new ChannelViolationException(fault, $"A response frame was rejected ({fault}: {detail}); the batch's outcome is unknown.");
    }

    private void ThrowIfBroken()
    {
        if (IsBroken)
        {
            throw new InvalidOperationException($"Session {SessionId} is unknown to the device or failed; replace it (ChannelSession.Replace).");
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

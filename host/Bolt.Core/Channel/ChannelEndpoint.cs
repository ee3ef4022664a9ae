using System.Security.Cryptography;
using Bolt.Core.Crypto;

namespace Bolt.Core.Channel;

/// <summary>
/// The device side of the sealed channel (SPEC §10), shared by every C# device and mirrored by the kernel.
/// It opens sessions, authenticates a whole frame before any record runs, enforces strictly increasing
/// sequence numbers per session, and seals the responses. Frames are first copied into device-private
/// buffers, so the untrusted host cannot change bytes between authentication and use. Each session keeps its
/// last executed command frame's tag and sealed response frame, so a client that lost the response can
/// retransmit the very same frame and get the same answer again without anything running twice (SPEC §10.4).
/// Single-threaded, as the device is; no allocation per frame once a session's buffers have grown to its
/// largest batch.
/// </summary>
public sealed partial class ChannelEndpoint
{
    /// <summary>The most records a command frame may carry (the size of the kernel's on-chip frame buffer).</summary>
    public const int MaxFrameRecords = 4096;

    private readonly Aes128 _provisioning;
    private AesCtrPrng _prng;
    private readonly int _commandBytes;
    private readonly int _responseBytes;
    private readonly int _maxLoadRecords;
    private readonly Session?[] _sessions;
    private byte[] _frame = [];
    private byte[] _responses = [];
    private ulong _lastSessionId;

    /// <summary>
    /// Creates the endpoint of a device: <c>K_prov</c> derives from the device root key (clients keep it across
    /// restarts), the PRNG of device nonces from the lifetime key (a restart never repeats a device nonce).
    /// </summary>
    public ChannelEndpoint(ReadOnlySpan<byte> deviceKey, ReadOnlySpan<byte> lifetimeKey, BoltParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Span<byte> key = stackalloc byte[ChannelKdf.KeyBytes];
        Aes128.DeriveKey(deviceKey, KeyLabels.Provisioning, key);
        _provisioning = new Aes128(key);
        CryptographicOperations.ZeroMemory(key);
        _prng = new AesCtrPrng(lifetimeKey);
        _commandBytes = parameters.CommandBytes;
        _responseBytes = parameters.ResponseBytes;
        _maxLoadRecords = parameters.Capacity;
        _sessions = new Session?[parameters.SessionSlots];
    }

    /// <summary>Sessions held at once (<see cref="BoltParameters.SessionSlots"/>); session <c>id</c> lives in slot <c>id mod SessionSlots</c>, evicting the older one.</summary>
    public int SessionSlots => _sessions.Length;

    /// <summary>Frames rejected so far (any fault).</summary>
    public long Rejected { get; private set; }

    /// <summary>Retransmissions of an executed command frame answered from the session's response cache.</summary>
    public long Retransmitted { get; private set; }

    /// <summary>
    /// State changes accepted over the device's whole history (checkpoints carry it across restarts): sessions opened,
    /// load frames and command frames executed. Retransmissions and rejected frames do not count.
    /// </summary>
    public ulong CommitNumber { get; private set; }

    /// <summary>
    /// Opens a session: reads the client nonce, draws the device nonce from PRNG domain 2 at the new session id,
    /// derives the session keys and writes the device hello.
    /// </summary>
    /// <exception cref="ChannelViolationException">The client hello is not <see cref="HelloLayout.ClientBytes"/> long.</exception>
    /// <exception cref="ArgumentException">The device hello buffer is too small.</exception>
    public void OpenSession(ReadOnlySpan<byte> clientHello, Span<byte> deviceHello)
    {
        if (clientHello.Length != HelloLayout.ClientBytes)
        {
            Reject(ChannelFault.Handshake, $"a client hello is {HelloLayout.ClientBytes} bytes, got {clientHello.Length}");
        }

        if (deviceHello.Length < HelloLayout.DeviceBytes)
        {
            throw new ArgumentException($"The device hello needs {HelloLayout.DeviceBytes} bytes.", nameof(deviceHello));
        }

        ulong id = ++_lastSessionId;
        Span<byte> deviceNonce = stackalloc byte[HelloLayout.NonceBytes];
        _prng.Block(AesCtrPrng.SessionDomain, id).Write(deviceNonce);
        var session = new Session(id, _provisioning, clientHello, deviceNonce, out var confirmation);
        _sessions[(int)(id % (ulong)_sessions.Length)] = session;
        CommitNumber++;
        HelloLayout.WriteDevice(deviceHello, id, deviceNonce, confirmation);
    }

    /// <summary>
    /// Authenticates a command frame, and only then runs its records through <paramref name="execute"/> and
    /// seals the responses into <paramref name="responseFrame"/>. A rejected frame runs nothing and leaves the
    /// session's expected sequence number where it was. An authentic retransmission of the session's last
    /// executed frame (its sequence number and tag) runs nothing either: it gets that frame's sealed response
    /// again, byte for byte.
    /// </summary>
    /// <returns>The bytes of the sealed response frame.</returns>
    /// <exception cref="ChannelViolationException">The frame is malformed, for an unknown session, replayed, out of order or forged.</exception>
    /// <exception cref="ArgumentException">The response buffer cannot hold the response frame.</exception>
    public int ExecuteSealed(ReadOnlySpan<byte> commandFrame, Span<byte> responseFrame, RecordBatchHandler execute)
    {
        ArgumentNullException.ThrowIfNull(execute);
        int count = CheckShape(commandFrame, FrameKind.Commands, _commandBytes, MaxFrameRecords);
        int responseFrameBytes = FrameLayout.Bytes(count, _responseBytes);
        if (responseFrame.Length < responseFrameBytes)
        {
            throw new ArgumentException($"The response frame needs {responseFrameBytes} bytes; got {responseFrame.Length}.", nameof(responseFrame));
        }

        var session = Authenticate(commandFrame, FrameKind.Commands, out var commands, out bool retransmission);
        if (retransmission)
        {
            Retransmitted++;
            session.Response.AsSpan(0, responseFrameBytes).CopyTo(responseFrame);
            return responseFrameBytes;
        }

        var responses = Grow(ref _responses, count * _responseBytes);
        CommitNumber++;
        execute(commands, responses);

        // Seal in private memory (the session's response cache) and copy out: GHASH must read the ciphertext the
        // device wrote, not host memory, and a retransmission must get these very bytes.
        var cache = session.Response;
        var sealedFrame = Grow(ref cache, responseFrameBytes);
        session.Response = cache;
        FrameLayout.WriteHeader(sealedFrame, CommitNumber, session.NextSequence - 1, count, FrameKind.Responses);
        Span<byte> nonce = stackalloc byte[AesGcm128.NonceSize];
        FrameLayout.WriteNonce(nonce, session.NextSequence - 1, FrameKind.Responses);
        session.Responses.Seal(nonce, responses, FrameLayout.Body(sealedFrame), FrameLayout.Tag(sealedFrame), FrameLayout.Header(sealedFrame));
        FrameLayout.Tag(_frame.AsSpan(0, commandFrame.Length)).CopyTo(session.ExecutedTag);
        session.ResponseBytes = responseFrameBytes;
        sealedFrame.CopyTo(responseFrame);
        return responseFrameBytes;
    }

    /// <summary>
    /// Authenticates a load frame (kind 3, the whole load or its last part) or a load-part frame (kind 4), up to N
    /// records, and only then hands its Put records to <paramref name="initialise"/>. Consumes one sequence number
    /// of the session. The kind is part of the authenticated header and of the nonce, so the host cannot turn a
    /// part into the end of the load or back.
    /// </summary>
    /// <exception cref="ChannelViolationException">The frame is malformed, for an unknown session, replayed, out of order or forged.</exception>
    public void Load(ReadOnlySpan<byte> loadFrame, LoadHandler initialise)
    {
        ArgumentNullException.ThrowIfNull(initialise);
        var kind = loadFrame.Length >= FrameLayout.HeaderBytes && FrameLayout.ReadKind(loadFrame) == FrameKind.LoadPart ? FrameKind.LoadPart : FrameKind.Load;
        CheckShape(loadFrame, kind, _commandBytes, _maxLoadRecords);
        Authenticate(loadFrame, kind, out var records, out _);
        CommitNumber++;
        initialise(records, kind == FrameKind.Load);

        // A load is a one-off of up to N records: give its buffer back rather than keep it for command frames.
        if (kind == FrameKind.Load)
        {
            _frame = [];
        }
    }

    /// <summary>Checks length, count and kind against the frame format; returns the record count.</summary>
    private int CheckShape(ReadOnlySpan<byte> frame, FrameKind kind, int recordBytes, int maxRecords)
    {
        if (frame.Length < FrameLayout.OverheadBytes || (frame.Length - FrameLayout.OverheadBytes) % recordBytes != 0)
        {
            Reject(ChannelFault.Malformed, $"a {kind} frame is {FrameLayout.OverheadBytes} bytes plus whole {recordBytes}-byte records; got {frame.Length} bytes");
        }

        int count = (frame.Length - FrameLayout.OverheadBytes) / recordBytes;
        if (FrameLayout.ReadKind(frame) != kind)
        {
            Reject(ChannelFault.Malformed, $"expected a {kind} frame, the header says {(uint)FrameLayout.ReadKind(frame)}");
        }

        if (FrameLayout.ReadCount(frame) != (uint)count || (kind is FrameKind.Commands && count == 0) || count > maxRecords)
        {
            Reject(ChannelFault.Malformed, $"the header counts {FrameLayout.ReadCount(frame)} records, the frame carries {count} (at most {maxRecords})");
        }

        return count;
    }

    /// <summary>
    /// Copies the frame into private memory, checks session and sequence, verifies the tag, decrypts; then advances
    /// the sequence. A command frame with the last executed sequence number and tag that authenticates is a
    /// <paramref name="retransmission"/>: nothing advances and the caller answers from the response cache.
    /// </summary>
    private Session Authenticate(ReadOnlySpan<byte> frame, FrameKind kind, out Span<byte> records, out bool retransmission)
    {
        var copy = Grow(ref _frame, frame.Length);
        frame.CopyTo(copy);
        ulong id = FrameLayout.ReadSessionId(copy);
        var session = _sessions[(int)(id % (ulong)_sessions.Length)];
        if (session is null || session.Id != id)
        {
            Reject(ChannelFault.UnknownSession, $"session {id} is not open on this device");
        }

        ulong sequence = FrameLayout.ReadSequence(copy);
        Span<byte> nonce = stackalloc byte[AesGcm128.NonceSize];
        var body = FrameLayout.Body(copy);
        records = body;
        if (sequence != session.NextSequence)
        {
            if (kind == FrameKind.Commands && session.ResponseBytes > 0 && sequence == session.NextSequence - 1
                && FrameLayout.Tag(copy).SequenceEqual(session.ExecutedTag))
            {
                // Same tag is not proof: the whole frame must authenticate, or a changed body would pass. It decrypts
                // in place into the private copy, which nothing reads afterwards.
                FrameLayout.WriteNonce(nonce, sequence, kind);
                if (!session.Commands.TryOpen(nonce, body, FrameLayout.Tag(copy), body, FrameLayout.Header(copy)))
                {
                    Reject(ChannelFault.BadTag, $"a retransmission of frame {sequence} of session {id} failed authentication");
                }

                retransmission = true;
                return session;
            }

            Reject(sequence < session.NextSequence ? ChannelFault.Replayed : ChannelFault.OutOfOrder,
                $"session {id} expects frame {session.NextSequence}, got {sequence}");
        }

        // The nonce comes from the expected sequence number, never from the header alone.
        FrameLayout.WriteNonce(nonce, session.NextSequence, kind);
        if (!session.Commands.TryOpen(nonce, body, FrameLayout.Tag(copy), body, FrameLayout.Header(copy)))
        {
            Reject(ChannelFault.BadTag, $"frame {sequence} of session {id} failed authentication");
        }

        // From here the frame counts as executed: the previous answer can no longer be asked for again.
        session.NextSequence++;
        session.ResponseBytes = 0;
        retransmission = false;
        return session;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Reject(ChannelFault fault, string detail)
    {
        Rejected++;
        throw new ChannelViolationException(fault, $"The device rejected a frame ({fault}: {detail}); nothing was executed.");
    }

    private static Span<byte> Grow(ref byte[] buffer, int bytes)
    {
        if (buffer.Length < bytes)
        {
            buffer = new byte[bytes];
        }

        return buffer.AsSpan(0, bytes);
    }

    /// <summary>
    /// One open session: its id, its two GCM keys, the next command sequence number it accepts, and the tag and
    /// sealed response frame of the last command frame it executed.
    /// </summary>
    private sealed class Session
    {

        public Session(ulong id, Aes128 provisioning, ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> deviceNonce, out byte[] confirmation)
            : this(id, Derive(provisioning, KeyLabels.SessionCommands, clientNonce, deviceNonce, id), Derive(provisioning, KeyLabels.SessionResponses, clientNonce, deviceNonce, id))
        {
            confirmation = Derive(provisioning, KeyLabels.SessionConfirmation, clientNonce, deviceNonce, id);
        }

        /// <summary>A session restored from a checkpoint: its id and its two keys.</summary>
        public Session(ulong id, byte[] commandKey, byte[] responseKey)
        {
            Id = id;
            CommandKey = commandKey;
            ResponseKey = responseKey;
            Commands = new AesGcm128(commandKey);
            Responses = new AesGcm128(responseKey);
        }

        public ulong Id { get; }

        /// <summary>The command key (device-private; a checkpoint seals it).</summary>
        public byte[] CommandKey { get; }

        /// <summary>The response key (device-private; a checkpoint seals it).</summary>
        public byte[] ResponseKey { get; }

        public AesGcm128 Commands { get; }

        public AesGcm128 Responses { get; }

        public ulong NextSequence { get; set; }

        /// <summary>The sealed response frame of the last executed command frame (its first <see cref="ResponseBytes"/> bytes).</summary>
        public byte[] Response { get; set; } = [];

        /// <summary>The GCM tag of the last executed command frame.</summary>
        public byte[] ExecutedTag { get; } = new byte[FrameLayout.TagBytes];

        /// <summary>Bytes of the cached response frame; 0 when the last frame was a load or has no response yet.</summary>
        public int ResponseBytes { get; set; }

        private static byte[] Derive(Aes128 provisioning, ReadOnlySpan<byte> label, ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> deviceNonce, ulong id)
        {
            var key = new byte[ChannelKdf.KeyBytes];
            ChannelKdf.Derive(provisioning, label, clientNonce, deviceNonce, id, key);
            return key;
        }
    }
}

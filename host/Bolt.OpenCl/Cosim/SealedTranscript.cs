using System.Security.Cryptography;
using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Core.Crypto;

namespace Bolt.OpenCl.Cosim;

/// <summary>
/// A workload as the enclave client would send it over the sealed channel (SPEC §10), made deterministic for
/// co-simulation: a fixed client nonce, then the load frame and one command frame per batch, all sealed under the
/// keys of session 1 of a fresh device with the given root key. Every such device answers that hello alike
/// (session 1, device nonce = PRNG block (2, 1)), so every device is fed the very same frames and must answer
/// with the very same bytes: the device hello and each sealed response frame.
/// </summary>
public sealed class SealedTranscript
{
    private readonly BoltParameters _p;
    private readonly AesGcm128 _responses;

    private SealedTranscript(BoltParameters p, byte[] clientHello, byte[] loadFrame, List<byte[]> commandFrames, AesGcm128 responses)
    {
        _p = p;
        ClientHello = clientHello;
        LoadFrame = loadFrame;
        CommandFrames = commandFrames;
        _responses = responses;
    }

    /// <summary>The client hello (the client nonce).</summary>
    public byte[] ClientHello { get; }

    /// <summary>The sealed load frame (kind 3, sequence 0).</summary>
    public byte[] LoadFrame { get; }

    /// <summary>The sealed command frames (kind 1, sequence 1, 2, …), one per batch.</summary>
    public IReadOnlyList<byte[]> CommandFrames { get; }

    /// <summary>
    /// Seals <paramref name="workload"/> for a device with root key and lifetime <paramref name="keys"/>: derives
    /// <c>K_prov</c> as the provisioned client would hold it, learns session 1's hello from a reference endpoint,
    /// checks its key confirmation like the client does, and seals every frame.
    /// </summary>
    /// <exception cref="ChannelViolationException">The reference hello does not confirm the keys.</exception>
    public static SealedTranscript Create(CosimWorkload workload, CosimKeys keys, long seed)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(keys);
        var deviceKey = keys.Seed;
        var p = workload.Parameters;
        var clientHello = new byte[HelloLayout.ClientBytes];
        new Random(unchecked((int)seed ^ 0x4E0CE)).NextBytes(clientHello);
        var hello = new byte[HelloLayout.DeviceBytes];
        new ChannelEndpoint(deviceKey, keys.LifetimeKey(), p).OpenSession(clientHello, hello);

        var provisioning = new Aes128(ChannelKdf.ProvisioningKey(deviceKey));
        ulong id = HelloLayout.ReadSessionId(hello);
        var deviceNonce = HelloLayout.DeviceNonce(hello);
        var key = new byte[ChannelKdf.KeyBytes];
        ChannelKdf.Derive(provisioning, KeyLabels.SessionConfirmation, clientHello, deviceNonce, id, key);
        if (!CryptographicOperations.FixedTimeEquals(key, HelloLayout.Confirmation(hello)))
        {
            throw new ChannelViolationException(ChannelFault.Handshake, "The reference device hello does not confirm the session keys.");
        }

        ChannelKdf.Derive(provisioning, KeyLabels.SessionCommands, clientHello, deviceNonce, id, key);
        var commands = new AesGcm128(key);
        ChannelKdf.Derive(provisioning, KeyLabels.SessionResponses, clientHello, deviceNonce, id, key);
        var responses = new AesGcm128(key);
        ulong sequence = 0;
        var load = Seal(commands, id, sequence++, FrameKind.Load, workload.Load, p.CommandBytes);
        var frames = workload.Batches.Select(batch => Seal(commands, id, sequence++, FrameKind.Commands, batch, p.CommandBytes)).ToList();
        return new SealedTranscript(p, clientHello, load, frames, responses);
    }

    /// <summary>Bytes of the response frame to command frame <paramref name="batch"/>.</summary>
    public int ResponseFrameBytes(int batch) => FrameLayout.Bytes(RecordCount(batch), _p.ResponseBytes);

    /// <summary>
    /// Opens a device's answers, laid out as the device hello followed by the response frames in order, into
    /// plaintext response records. A frame that does not authenticate (or is missing) leaves its records zero,
    /// which the comparison then reports.
    /// </summary>
    public byte[] OpenResponses(ReadOnlySpan<byte> answers)
    {
        int total = CommandFrames.Sum(f => (f.Length - FrameLayout.OverheadBytes) / _p.CommandBytes);
        var plain = new byte[(long)total * _p.ResponseBytes];
        int at = HelloLayout.DeviceBytes, written = 0;
        Span<byte> nonce = stackalloc byte[AesGcm128.NonceSize];
        for (int batch = 0; batch < CommandFrames.Count; batch++)
        {
            int bytes = ResponseFrameBytes(batch), body = RecordCount(batch) * _p.ResponseBytes;
            if (at + bytes <= answers.Length)
            {
                var frame = answers.Slice(at, bytes);
                FrameLayout.WriteNonce(nonce, (ulong)batch + 1, FrameKind.Responses);
                bool sameHeader = FrameLayout.ReadSequence(frame) == (ulong)batch + 1; // the first field is the commit number (SPEC §12)
                if (!sameHeader || !_responses.TryOpen(nonce, FrameLayout.Body(frame), FrameLayout.Tag(frame), plain.AsSpan(written, body), FrameLayout.Header(frame)))
                {
                    plain.AsSpan(written, body).Clear();
                }
            }

            at += bytes;
            written += body;
        }

        return plain;
    }

    private int RecordCount(int batch) => (CommandFrames[batch].Length - FrameLayout.OverheadBytes) / _p.CommandBytes;

    private static byte[] Seal(AesGcm128 key, ulong session, ulong sequence, FrameKind kind, byte[] records, int recordBytes)
    {
        int count = records.Length / recordBytes;
        var frame = new byte[FrameLayout.Bytes(count, recordBytes)];
        FrameLayout.WriteHeader(frame, session, sequence, count, kind);
        Span<byte> nonce = stackalloc byte[AesGcm128.NonceSize];
        FrameLayout.WriteNonce(nonce, sequence, kind);
        key.Seal(nonce, records, FrameLayout.Body(frame.AsSpan()), FrameLayout.Tag(frame.AsSpan()), FrameLayout.Header(frame));
        return frame;
    }
}

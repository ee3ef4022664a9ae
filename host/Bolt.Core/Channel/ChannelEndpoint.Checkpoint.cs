using Bolt.Core.Crypto;
using Bolt.Core.Durability;

namespace Bolt.Core.Channel;

public sealed partial class ChannelEndpoint
{
    /// <summary>The endpoint's private state words of a checkpoint image (<see cref="DeviceImage"/>; indexed from its first state word).</summary>
    public void SaveStateWords(Span<ulong> words)
    {
        words[DeviceImage.FramesRejected - DeviceImage.FirstStateWord] = (ulong)Rejected;
        words[DeviceImage.FramesRetransmitted - DeviceImage.FirstStateWord] = (ulong)Retransmitted;
        words[DeviceImage.Commits - DeviceImage.FirstStateWord] = CommitNumber;
        words[DeviceImage.ChannelReady - DeviceImage.FirstStateWord] = 1;
    }

    /// <summary>Restores what <see cref="SaveStateWords"/> wrote.</summary>
    public void RestoreStateWords(ReadOnlySpan<ulong> words)
    {
        Rejected = (long)words[DeviceImage.FramesRejected - DeviceImage.FirstStateWord];
        Retransmitted = (long)words[DeviceImage.FramesRetransmitted - DeviceImage.FirstStateWord];
        CommitNumber = words[DeviceImage.Commits - DeviceImage.FirstStateWord];
    }

    /// <summary>
    /// Writes the session table and the response caches in the kernel's layout: the last session id, one slot per session
    /// (id, next sequence, both keys, the last executed tag, the cached response's length; all zero when empty, the tag zero
    /// when nothing is cached), then one cache per slot with the cached frame, zero padded.
    /// </summary>
    public void WriteImage(SealedImageWriter image)
    {
        ArgumentNullException.ThrowIfNull(image);
        image.WriteUInt64(_lastSessionId);
        var noTag = new byte[FrameLayout.TagBytes];
        foreach (var session in _sessions)
        {
            if (session is null)
            {
                image.Write(new byte[DeviceImage.SessionSlotBytes]);
                continue;
            }

            image.WriteUInt64(session.Id);
            image.WriteUInt64(session.NextSequence);
            image.Write(session.CommandKey);
            image.Write(session.ResponseKey);
            image.Write(session.ResponseBytes == 0 ? noTag : session.ExecutedTag);
            image.WriteInt64(session.ResponseBytes);
        }

        int cacheBytes = FrameLayout.Bytes(MaxFrameRecords, _responseBytes);
        var zeros = new byte[cacheBytes];
        foreach (var session in _sessions)
        {
            int bytes = session?.ResponseBytes ?? 0;
            if (bytes > 0)
            {
                image.Write(session!.Response.AsSpan(0, bytes));
            }

            image.Write(zeros.AsSpan(bytes));
        }
    }

    /// <summary>Restores what <see cref="WriteImage"/> wrote, into a fresh endpoint of the same device key and lifetime.</summary>
    public void ReadImage(SealedImageReader image)
    {
        ArgumentNullException.ThrowIfNull(image);
        _lastSessionId = image.ReadUInt64();
        int cacheBytes = FrameLayout.Bytes(MaxFrameRecords, _responseBytes);
        var sessions = new Session?[_sessions.Length];
        for (int slot = 0; slot < _sessions.Length; slot++)
        {
            ulong id = image.ReadUInt64();
            ulong next = image.ReadUInt64();
            var commandKey = new byte[16];
            var responseKey = new byte[16];
            var tag = new byte[FrameLayout.TagBytes];
            image.Read(commandKey);
            image.Read(responseKey);
            image.Read(tag);
            long responseBytes = image.ReadInt64();
            if (id == 0)
            {
                continue;
            }

            if (id % (ulong)_sessions.Length != (ulong)slot || responseBytes is < 0 || responseBytes > cacheBytes)
            {
                throw image.Corrupted($"session slot {slot} is inconsistent");
            }

            var session = new Session(id, commandKey, responseKey) { NextSequence = next, ResponseBytes = (int)responseBytes };
            tag.CopyTo(session.ExecutedTag);
            sessions[slot] = session;
        }

        var cache = new byte[cacheBytes];
        for (int slot = 0; slot < _sessions.Length; slot++)
        {
            image.Read(cache);
            if (sessions[slot] is { } session)
            {
                session.Response = cache.AsSpan(0, session.ResponseBytes).ToArray();
            }

            _sessions[slot] = sessions[slot];
        }
    }

    /// <summary>Draws the device nonces of sessions opened from now on from a new lifetime's PRNG (open sessions keep their keys).</summary>
    public void BeginLifetime(ReadOnlySpan<byte> lifetimeKey) => _prng = new AesCtrPrng(lifetimeKey);
}

using Bolt.Core.Crypto;
using Bolt.Core.Durability;

namespace Bolt.Core.Channel;

public sealed partial class ChannelEndpoint
{
    /// <summary>
    /// Bytes of the endpoint's part of a checkpoint image: four counters, then one fixed-size slot per session (id, next
    /// sequence, both keys, the last executed tag, the cached response's length and room for the largest response
    /// frame), as the kernel lays out its session table and response cache.
    /// </summary>
    public static long ImageBytes(BoltParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return (4 * sizeof(ulong)) + ((long)parameters.SessionSlots * SlotImageBytes(parameters));
    }

    /// <summary>Writes the session table, the response caches and the counters into a checkpoint image.</summary>
    public void WriteImage(SealedImageWriter image)
    {
        ArgumentNullException.ThrowIfNull(image);
        image.WriteUInt64(_lastSessionId);
        image.WriteInt64(Rejected);
        image.WriteInt64(Retransmitted);
        image.WriteUInt64(CommitNumber);
        int cacheBytes = FrameLayout.Bytes(MaxFrameRecords, _responseBytes);
        var zeros = new byte[cacheBytes];
        foreach (var session in _sessions)
        {
            if (session is null)
            {
                image.Write(zeros.AsSpan(0, 8 + 8 + 16 + 16 + FrameLayout.TagBytes + 8));
                image.Write(zeros);
                continue;
            }

            image.WriteUInt64(session.Id);
            image.WriteUInt64(session.NextSequence);
            image.Write(session.CommandKey);
            image.Write(session.ResponseKey);
            image.Write(session.ExecutedTag);
            image.WriteInt64(session.ResponseBytes);
            image.Write(session.Response.AsSpan(0, session.ResponseBytes));
            image.Write(zeros.AsSpan(session.ResponseBytes));
        }
    }

    /// <summary>Restores what <see cref="WriteImage"/> wrote, into a fresh endpoint of the same device key and lifetime.</summary>
    public void ReadImage(SealedImageReader image)
    {
        ArgumentNullException.ThrowIfNull(image);
        _lastSessionId = image.ReadUInt64();
        Rejected = image.ReadInt64();
        Retransmitted = image.ReadInt64();
        CommitNumber = image.ReadUInt64();
        int cacheBytes = FrameLayout.Bytes(MaxFrameRecords, _responseBytes);
        var cache = new byte[cacheBytes];
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
            image.Read(cache);
            if (id == 0)
            {
                _sessions[slot] = null;
                continue;
            }

            if (id % (ulong)_sessions.Length != (ulong)slot || responseBytes is < 0 || responseBytes > cacheBytes)
            {
                throw image.Corrupted($"session slot {slot} is inconsistent");
            }

            var session = new Session(id, commandKey, responseKey) { NextSequence = next, ResponseBytes = (int)responseBytes };
            tag.CopyTo(session.ExecutedTag);
            session.Response = cache.AsSpan(0, (int)responseBytes).ToArray();
            _sessions[slot] = session;
        }
    }

    private static int SlotImageBytes(BoltParameters parameters) =>
        8 + 8 + 16 + 16 + FrameLayout.TagBytes + 8 + FrameLayout.Bytes(MaxFrameRecords, parameters.ResponseBytes);

    /// <summary>Draws the device nonces of sessions opened from now on from a new lifetime's PRNG (open sessions keep their keys).</summary>
    public void BeginLifetime(ReadOnlySpan<byte> lifetimeKey) => _prng = new AesCtrPrng(lifetimeKey);
}

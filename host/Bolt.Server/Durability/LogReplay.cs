using System.Buffers.Binary;
using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Core.Device;
using Bolt.Core.Durability;

namespace Bolt.Server.Durability;

/// <summary>
/// Replays a log segment into a device restored from the checkpoint it continues: each record is the input of one
/// device call, given to the device exactly as the first time, so the device (deterministic given its state, its
/// lifetime and its inputs) goes through the same states, seals the same pages and answers the same frames. A record
/// that is cut short or fails its checksum ends the replay: it is the torn tail of a crash, never acknowledged —
/// unless the counter says otherwise, which the store checks. A segment that ends inside a streamed bulk load (no
/// checkpoint is taken during one, so only a crash ends a segment there) ends with that load abandoned: it never had
/// its last part, so it was never acknowledged, and the device holds no map again until the client loads anew.
/// </summary>
internal static class LogReplay
{
    /// <summary>What a replay did.</summary>
    /// <param name="Records">Records replayed.</param>
    /// <param name="Frames">Sealed command and load frames among them.</param>
    /// <param name="TornBytes">Bytes of a torn tail left unreplayed.</param>
    /// <param name="TornAt">Where that tail starts, or -1.</param>
    /// <param name="AbandonedLoad">The segment ended inside a streamed load, which was abandoned.</param>
    public sealed record Result(long Records, long Frames, long TornBytes, long TornAt, bool AbandonedLoad = false);

    public static Result Run(string path, CheckpointHeader checkpoint, ICheckpointDevice device)
    {
        var result = Replay(path, checkpoint, device);
        if (!device.LoadInProgress)
        {
            return result;
        }

        device.AbandonLoad();
        return result with { AbandonedLoad = true };
    }

    private static Result Replay(string path, CheckpointHeader checkpoint, IBoltDevice device)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20);
        long length = file.Length;
        if (length < LogSegmentHeader.Bytes)
        {
            // The crash came while the segment was created, before its header (one write) was done: no record can
            // follow a header that was never written, so the segment is empty, as if it had not been created yet.
            return new Result(0, 0, length, 0);
        }

        var headerBytes = new byte[LogSegmentHeader.Bytes];
        file.ReadExactly(headerBytes);
        LogSegmentHeader.ReadFor(headerBytes, checkpoint, Path.GetFileName(path));

        var p = device.Parameters;
        var record = new byte[LogRecord.HeaderBytes];
        var payload = new byte[1 << 16];
        var responses = new byte[FrameLayout.Bytes(ChannelEndpoint.MaxFrameRecords, p.ResponseBytes)];
        var hello = new byte[HelloLayout.DeviceBytes];
        long position = LogSegmentHeader.Bytes, records = 0, frames = 0;
        while (position < length)
        {
            long start = position;
            if (file.ReadAtLeast(record, record.Length, throwOnEndOfStream: false) < record.Length)
            {
                return new Result(records, frames, length - start, start);
            }

            long payloadBytes = BinaryPrimitives.ReadUInt32LittleEndian(record);
            var kind = (LogRecordKind)BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(8));
            long index = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(16));
            if (payloadBytes > LogRecord.MaxPayloadBytes || start + LogRecord.HeaderBytes + payloadBytes > length || index != records
                || kind is < LogRecordKind.Hello or > LogRecordKind.Frames)
            {
                return new Result(records, frames, length - start, start);
            }

            if (payload.Length < payloadBytes)
            {
                payload = new byte[payloadBytes];
            }

            var body = payload.AsSpan(0, (int)payloadBytes);
            file.ReadExactly(body);
            if (LogRecord.Checksum(record, body) != BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(4)))
            {
                return new Result(records, frames, length - start, start);
            }

            frames += Apply(device, kind, payload.AsMemory(0, (int)payloadBytes), responses, hello);
            records++;
            position = start + LogRecord.HeaderBytes + payloadBytes;
        }

        return new Result(records, frames, 0, -1);
    }

    /// <summary>Gives one record to the device as the original call did; a refusal now is the refusal it got then.</summary>
    private static int Apply(IBoltDevice device, LogRecordKind kind, ReadOnlyMemory<byte> payload, byte[] responses, byte[] hello)
    {
        switch (kind)
        {
            case LogRecordKind.Hello:
                try
                {
                    device.OpenSession(payload.Span, hello);
                }
                catch (ChannelViolationException)
                {
                }

                return 0;
            case LogRecordKind.Load:
                try
                {
                    device.InitialiseSealed(payload.Span);
                }
                catch (BoltException)
                {
                }

                return 1;
            default:
                var frames = LoggedFrames.Read(payload, device.Parameters.ResponseBytes, responses);
                device.ExecuteSealedFrames(frames);
                return frames.Count;
        }
    }
}

using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Core.Trace;
using Bolt.Sim.Engine;

namespace Bolt.Sim.Timing;

/// <summary>
/// The pipelined schedule of SPEC §9.2: up to <see cref="PlatformPreset.PipelineDepth"/> accesses in flight. The
/// on-chip stages run in command order, one access at a time — the lookup (probe window read and re-place decision)
/// and the modify step — while the host transactions, the page opens and the page seals of different accesses
/// overlap. Every stage is a resource that serves its requests in command order and becomes free at a cycle computed
/// from public facts only: the parameters, the platform, the frame sizes and submit times, the touched page
/// addresses and whether an access aborted. Nothing here looks at keys, ops, hits, values, loads or stash state, so
/// the trace's timing is a function of public data (the proof is in SPEC §9.2).
/// </summary>
public sealed class PipelinedSchedule : AccessSchedule
{
    private readonly CryptoEngine _sealEngine;
    private readonly CryptoEngine _frameEngine;
    private readonly GhashUnit _openGhash;
    private readonly GhashUnit _sealGhash;
    private readonly GhashUnit _frameGhash;
    private readonly HbmChannel _recordReads;
    private readonly HbmChannel _recordWrites;
    private readonly long[] _ends;
    private readonly PendingWrite[] _pending = new PendingWrite[2];
    private readonly int _stripedWindowBytes;
    private readonly long _ghashTail;
    private readonly long _responseSelect;
    private int _pendingCount;
    private long _accesses;
    private long _lookupFree;
    private long _modifyFree;
    private long _previousEnd;
    private long _nextFrameKeystream;
    private long _responseKeystream;

    /// <summary>Creates the schedule at cycle 0.</summary>
    public PipelinedSchedule(BoltParameters parameters, PlatformPreset platform)
        : base(parameters, platform)
    {
        if (platform.PipelineDepth is < 1 or > PlatformPreset.MaxPipelineDepth)
        {
            throw new BoltConfigurationException("pipeline-depth", $"A pipeline depth must be 1 to {PlatformPreset.MaxPipelineDepth} (0 selects the sequential schedule); got {platform.PipelineDepth}.");
        }

        _sealEngine = new CryptoEngine(platform);
        _frameEngine = new CryptoEngine(platform);
        _openGhash = new GhashUnit(platform);
        _sealGhash = new GhashUnit(platform);
        _frameGhash = new GhashUnit(platform);
        _recordReads = new HbmChannel(platform);
        _recordWrites = new HbmChannel(platform);
        _ends = new long[platform.PipelineDepth];
        _stripedWindowBytes = (ProbeWindowBytes + platform.ProbeWindowChannels - 1) / platform.ProbeWindowChannels;
        _ghashTail = platform.GhashTailCycles;
        _responseSelect = platform.ResponseSelectCycles;
    }

    /// <summary>
    /// The host pushes the sealed command frame into the device's frame buffer (a CMD row at its submit cycle): half
    /// a round trip and the transfer. The keystream of the session's next frame was computed ahead, one record's
    /// worth, so the frame is decrypted as it streams in and its tag is checked a GHASH tail after its last byte;
    /// the keystream of further records is computed from its first byte on. Then the frame engine computes the
    /// keystream of this batch's response frame and that of the next command frame. The frame does not wait for the
    /// previous batch's accesses: they may still be writing back.
    /// </summary>
    public override long BeginBatch(long firstOp, int count, long submit, ITraceSink? trace)
    {
        int bytes = FrameLayout.Bytes(count, Parameters.CommandBytes);
        trace?.Record(new TraceRow(firstOp, submit, TraceKind.CMD, 0, bytes));
        long arrived = Link.Push(submit, bytes);
        long keystream = _nextFrameKeystream;
        int beyondFirstRecord = (count - 1) * Parameters.CommandBytes;
        if (beyondFirstRecord > 0)
        {
            keystream = Math.Max(keystream, _frameEngine.Run(arrived - Link.TransferCycles(bytes), beyondFirstRecord));
        }

        long opened = Math.Max(Math.Max(arrived, keystream) + _ghashTail, _frameGhash.Run(arrived - Link.TransferCycles(bytes), count * Parameters.CommandBytes));
        _responseKeystream = _frameEngine.Run(opened, count * Parameters.ResponseBytes);
        _nextFrameKeystream = _frameEngine.Run(opened, Parameters.CommandBytes);
        return opened;
    }

    /// <summary>
    /// One access: it enters the lookup stage when its frame is open, the previous lookup is done and the access
    /// <see cref="PlatformPreset.PipelineDepth"/> places earlier has ended; the probe window is read as parallel
    /// bursts from the pseudo-channels the position map is striped over; both page reads go out when the lookup
    /// is done, with the record traffic, whose first beat (the page versions) lets the open and seal engines
    /// compute both pages' read and write keystreams while the pages are in flight; each page is decrypted as it
    /// streams in and checked a GHASH tail after its last byte. The response record is selected as soon as both
    /// pages are in (and the previous modify step is done), sealed into the response frame, and released once both
    /// pages are authentic; the modify step runs after the previous one's, and the page seals are GHASH passes over
    /// its output. Returns when the response record is sealed and released.
    /// </summary>
    public override long Access(long op, long ready, AccessTouches touches, ITraceSink? trace)
    {
        if (touches.IsRefused)
        {
            return ready;
        }

        // The previous access's write-backs are issued before this access's reads are recorded, in the order
        // their seals come out (the link's device→host direction serves them in that order).
        FlushPendingWrites(trace);
        int slot = (int)(_accesses % _ends.Length);
        long start = Math.Max(Math.Max(ready, _lookupFree), _ends[slot]);
        if (touches.StallsOnPrevious)
        {
            start = Math.Max(start, _previousEnd);
        }

        long lookedUp = PositionMapChannel.Read(start, _stripedWindowBytes);
        _lookupFree = lookedUp;

        long firstIn = Read(op, lookedUp, touches.FirstPage, (touches.Hidden & HiddenTouches.FirstRead) != 0, trace);
        long secondIn = Read(op, lookedUp, touches.SecondPage, (touches.Hidden & HiddenTouches.SecondRead) != 0, trace);
        long versionsIn = _recordReads.FirstBeat(lookedUp);
        long recordsIn = _recordReads.Read(lookedUp, RecordBytesPerPass);
        long firstOpen = Open(firstIn, Crypto.Run(versionsIn, Parameters.PageBytes));
        long secondOpen = Open(secondIn, Crypto.Run(versionsIn, Parameters.PageBytes));
        long firstSealKeystream = _sealEngine.Run(versionsIn, Parameters.PageBytes);
        long secondSealKeystream = _sealEngine.Run(versionsIn, Parameters.PageBytes);
        long opened = Math.Max(Math.Max(firstOpen, secondOpen), recordsIn);
        _accesses++;
        if (touches.Aborted)
        {
            _ends[slot] = opened;
            _previousEnd = opened;
            Occupy(opened);
            return _frameGhash.Run(Math.Max(opened, _responseKeystream), Parameters.ResponseBytes);
        }

        // The response reads the item where the previous access's modify step left it (a hot key), so its select
        // waits for that step as well as for the pages' plaintext.
        long selected = Math.Max(Math.Max(firstIn, secondIn), _modifyFree) + _responseSelect;
        long released = Math.Max(opened, _frameGhash.Run(Math.Max(selected, _responseKeystream), Parameters.ResponseBytes));

        long modifyStart = Math.Max(opened, _modifyFree);
        long modified = modifyStart + Math.Max(0, ModifyCycles - touches.CyclesSaved);
        _modifyFree = modified;
        long firstSealed = _sealGhash.Run(Math.Max(modified, firstSealKeystream), Parameters.PageBytes);
        long secondSealed = _sealGhash.Run(Math.Max(modified, secondSealKeystream), Parameters.PageBytes);
        _recordWrites.Write(modified, RecordBytesPerPass);
        _pending[0] = new PendingWrite(op, firstSealed, touches.FirstPage, (touches.Hidden & HiddenTouches.FirstWrite) != 0, slot);
        _pending[1] = new PendingWrite(op, secondSealed, touches.SecondPage, (touches.Hidden & HiddenTouches.SecondWrite) != 0, slot);
        _pendingCount = 2;
        return released;
    }

    /// <summary>
    /// The response frame's tag is out when the last access has released its sealed record (records refused by a
    /// halted device are constants, absorbed while the unit is idle) and at least a GHASH tail after its keystream;
    /// the frame goes out ahead of any page write-back whose seal comes out later (the host is waiting for it), and
    /// reaches the host after its transfer plus half a round trip.
    /// </summary>
    public override long EndBatch(long lastOp, int count, long lastAccessEnd, ITraceSink? trace)
    {
        int bytes = FrameLayout.Bytes(count, Parameters.ResponseBytes);
        long sealedAt = Math.Max(lastAccessEnd, _responseKeystream + _ghashTail);
        FlushPendingWrites(trace, before: sealedAt);
        long issue = Link.WriteIssue(sealedAt);
        trace?.Record(new TraceRow(lastOp, issue, TraceKind.RSP, 0, bytes));
        long sent = Link.Write(issue, bytes);
        FlushPendingWrites(trace);
        Occupy(sent);
        return sent + (Link.RoundTrip / 2);
    }

    /// <summary>
    /// A page whose last byte is in at <paramref name="dataIn"/> and whose read keystream is out at
    /// <paramref name="keystream"/> is authentic a GHASH tail after both, and no sooner than the open GHASH unit can
    /// absorb it from its first byte (which matters only on a platform whose link outruns the unit).
    /// </summary>
    private long Open(long dataIn, long keystream)
        => Math.Max(Math.Max(dataIn, keystream) + _ghashTail, _openGhash.Run(dataIn - Link.TransferCycles(Parameters.PageBytes), Parameters.PageBytes));

    /// <summary>Issues the pending page write-backs whose seals are out by <paramref name="before"/>, in order.</summary>
    private void FlushPendingWrites(ITraceSink? trace, long before = long.MaxValue)
    {
        int done = 0;
        while (done < _pendingCount && _pending[done].Ready <= before)
        {
            var w = _pending[done];
            long end = Write(w.Op, w.Ready, w.Page, w.Hidden, trace);
            _ends[w.Slot] = Math.Max(_ends[w.Slot], end);
            _previousEnd = Math.Max(_previousEnd, end);
            Occupy(end);
            done++;
        }

        for (int i = done; i < _pendingCount; i++)
        {
            _pending[i - done] = _pending[i];
        }

        _pendingCount -= done;
    }

    /// <summary>A sealed page waiting for the device→host direction.</summary>
    /// <inheritdoc/>
    internal override void SaveClocks(Span<long> words)
    {
        base.SaveClocks(words);
        (words[7], words[8], words[9], words[10]) = (_sealEngine.Free, _frameEngine.Free, _recordReads.Free, _recordWrites.Free);
        (words[11], words[12], words[13], words[14], words[15]) = (_accesses, _lookupFree, _modifyFree, _previousEnd, _pendingCount);
        (words[58], words[59], words[60], words[61], words[62]) = (_nextFrameKeystream, _responseKeystream, _sealGhash.Free, _frameGhash.Free, _openGhash.Free);
        for (int i = 0; i < _pending.Length; i++)
        {
            var w = _pending[i];
            (words[16 + (5 * i)], words[17 + (5 * i)], words[18 + (5 * i)], words[19 + (5 * i)], words[20 + (5 * i)]) = (w.Op, w.Ready, w.Page, w.Hidden ? 1 : 0, w.Slot);
        }

        _ends.CopyTo(words[26..]);
    }

    /// <inheritdoc/>
    internal override void RestoreClocks(ReadOnlySpan<long> words)
    {
        base.RestoreClocks(words);
        (_sealEngine.Free, _frameEngine.Free, _recordReads.Free, _recordWrites.Free) = (words[7], words[8], words[9], words[10]);
        (_accesses, _lookupFree, _modifyFree, _previousEnd, _pendingCount) = (words[11], words[12], words[13], words[14], (int)words[15]);
        (_nextFrameKeystream, _responseKeystream, _sealGhash.Free, _frameGhash.Free, _openGhash.Free) = (words[58], words[59], words[60], words[61], words[62]);
        for (int i = 0; i < _pending.Length; i++)
        {
            _pending[i] = new PendingWrite(words[16 + (5 * i)], words[17 + (5 * i)], (int)words[18 + (5 * i)], words[19 + (5 * i)] != 0, (int)words[20 + (5 * i)]);
        }

        words.Slice(26, _ends.Length).CopyTo(_ends);
    }

    private readonly record struct PendingWrite(long Op, long Ready, int Page, bool Hidden, int Slot);
}

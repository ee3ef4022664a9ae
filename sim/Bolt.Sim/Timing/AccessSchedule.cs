using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Core.Trace;
using Bolt.Sim.Engine;

namespace Bolt.Sim.Timing;

/// <summary>
/// The sequential constant-time schedule of SPEC §9.1: when each host-visible transaction of a batch, an access
/// and the bulk load is issued, from the platform's link, HBM and crypto resources, one access at a time. Nothing
/// here looks at keys, ops or outcomes — only at which pages were touched (for addresses) and whether an access
/// aborted. <see cref="PipelinedSchedule"/> overlaps accesses (SPEC §9.2); <see cref="Create"/> picks by the
/// platform's pipeline depth.
/// </summary>
public class AccessSchedule
{
    private readonly BoltParameters _p;
    private readonly PlatformPreset _platform;
    private readonly PcieLink _link;
    private readonly HbmChannel _positionMapChannel;
    private readonly HbmChannel _recordChannel;
    private readonly CryptoEngine _crypto;
    private readonly int _probeWindowBytes;
    private readonly long _modifyCycles;
    private long _deviceFree;
    private long _loadPlaced;

    /// <summary>Creates the sequential schedule for a configuration on a platform, at cycle 0.</summary>
    public AccessSchedule(BoltParameters parameters, PlatformPreset platform)
    {
        _p = parameters;
        _platform = platform;
        _link = new PcieLink(platform);
        _positionMapChannel = new HbmChannel(platform);
        _recordChannel = new HbmChannel(platform);
        _crypto = new CryptoEngine(platform);
        _probeWindowBytes = BoltParameters.ProbeWindow * BoltParameters.PositionEntryBytes;
        _modifyCycles = (long)platform.ModifyCyclesPerSlot * parameters.SlotsPerBin;
        HbmBytesPerAccess = ComputeHbmBytesPerAccess(parameters);
    }

    /// <summary>The schedule the platform's kernel runs: pipelined when its depth is positive, else sequential.</summary>
    public static AccessSchedule Create(BoltParameters parameters, PlatformPreset platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return platform.IsPipelined ? new PipelinedSchedule(parameters, platform) : new AccessSchedule(parameters, platform);
    }

    /// <summary>The platform the schedule models.</summary>
    public PlatformPreset Platform => _platform;

    /// <summary>The cycle at which the device is next free to start work.</summary>
    public long DeviceFree => _deviceFree;

    /// <summary>The configuration.</summary>
    protected BoltParameters Parameters => _p;

    /// <summary>The host link (shared by both schedules and the load).</summary>
    protected PcieLink Link => _link;

    /// <summary>The pseudo-channel the position map's probe window is read from.</summary>
    protected HbmChannel PositionMapChannel => _positionMapChannel;

    /// <summary>The AES-GCM engine of the load and the sequential schedule; the pipelined one's page-open engine.</summary>
    protected CryptoEngine Crypto => _crypto;

    /// <summary>Bytes of the probe window.</summary>
    protected int ProbeWindowBytes => _probeWindowBytes;

    /// <summary>Cycles of the modify step.</summary>
    protected long ModifyCycles => _modifyCycles;

    /// <summary>The record traffic read (and later written) by one access: half of <see cref="HbmBytesPerAccess"/>.</summary>
    protected int RecordBytesPerPass => (int)(HbmBytesPerAccess / 2);

    /// <summary>Moves the cycle at which the device is next free (never backwards).</summary>
    protected void Occupy(long until) => _deviceFree = Math.Max(_deviceFree, until);

    /// <summary>HBM bytes one access moves, padded to the kernel's worst case (the model of a constant-time kernel).</summary>
    public long HbmBytesPerAccess { get; }

    /// <summary>
    /// One frame of the bulk load (the only one, or one part of a streamed load): it arrives as one CMD, is
    /// authenticated by the GCM engine, and its items are written to HBM over every pseudo-channel. After the
    /// last frame, pages are sealed and written by <see cref="LoadPage"/>, in page order.
    /// </summary>
    public void LoadFrame(int items, ITraceSink? trace)
    {
        int bytes = FrameLayout.Bytes(items, _p.CommandBytes);
        trace?.Record(new TraceRow(-1, _deviceFree, TraceKind.CMD, 0, bytes));
        long arrived = _link.Read(_deviceFree, bytes);
        long opened = _crypto.Run(arrived, items * _p.CommandBytes);
        long hbmBytes = (long)items * (BoltParameters.PositionEntryBytes + _p.SlotBytes);
        double allChannelsPerCycle = _platform.PerCycle(_platform.HbmChannelBytesPerSecond) * _platform.HbmPseudoChannels;
        _loadPlaced = opened + (long)Math.Ceiling(hbmBytes / allChannelsPerCycle);
        _deviceFree = _loadPlaced;
    }

    /// <summary>One page of the bulk load is sealed and written (a W row with op −1).</summary>
    public void LoadPage(int page, ITraceSink? trace)
    {
        long sealedAt = _crypto.Run(_loadPlaced, _p.PageBytes);
        long issue = _link.WriteIssue(sealedAt);
        trace?.Record(new TraceRow(-1, issue, TraceKind.W, (long)page * _p.PageBytes, _p.PageBytes));
        _deviceFree = _link.Write(issue, _p.PageBytes);
    }

    /// <summary>
    /// A sealed command frame of <paramref name="count"/> records submitted at <paramref name="submit"/> (a CMD row of
    /// the frame's sealed size); the GCM engine authenticates the whole frame before the first access may start,
    /// which is the cycle returned.
    /// </summary>
    public virtual long BeginBatch(long firstOp, int count, long submit, ITraceSink? trace)
    {
        long start = Math.Max(submit, _deviceFree);
        int bytes = FrameLayout.Bytes(count, _p.CommandBytes);
        trace?.Record(new TraceRow(firstOp, start, TraceKind.CMD, 0, bytes));
        return _crypto.Run(_link.Read(start, bytes), count * _p.CommandBytes);
    }

    /// <summary>
    /// One access of a batch whose command frame was opened at <paramref name="ready"/>; records its rows and returns
    /// the cycle its response record is ready. Sequentially an access starts when the previous one has ended (the
    /// first at <paramref name="ready"/>), and its response is ready when it ends.
    /// </summary>
    public virtual long Access(long op, long ready, AccessTouches touches, ITraceSink? trace)
    {
        long start = Math.Max(ready, _deviceFree);
        if (touches.IsRefused)
        {
            // A halted device refuses the record before the lookup: no row, no time.
            return start;
        }

        // The lookup reads the whole probe window whatever the probe length; it yields both candidate pages,
        // whose reads then go out together.
        long readIssue = _positionMapChannel.Read(start, _probeWindowBytes);
        long opened = ReadAndOpen(op, readIssue, touches, _recordChannel, trace);
        if (touches.Aborted)
        {
            _deviceFree = opened;
            return opened;
        }

        long modified = opened + Math.Max(0, _modifyCycles - touches.CyclesSaved);
        long firstSealed = _crypto.Run(modified, _p.PageBytes);
        long secondSealed = _crypto.Run(modified, _p.PageBytes);
        _recordChannel.Write(modified, RecordBytesPerPass);
        long end = Write(op, firstSealed, touches.FirstPage, (touches.Hidden & HiddenTouches.FirstWrite) != 0, trace);
        end = Math.Max(end, Write(op, secondSealed, touches.SecondPage, (touches.Hidden & HiddenTouches.SecondWrite) != 0, trace));
        _deviceFree = end;
        return end;
    }

    /// <summary>
    /// Both page reads issued at <paramref name="readIssue"/> (the lookup is done), the bin loads, pending lists and
    /// records read on <paramref name="records"/> while the pages are in flight, and both pages opened on
    /// <see cref="Crypto"/> as they arrive; returns when everything is in and open.
    /// </summary>
    protected long ReadAndOpen(long op, long readIssue, AccessTouches touches, HbmChannel records, ITraceSink? trace)
    {
        long firstIn = Read(op, readIssue, touches.FirstPage, (touches.Hidden & HiddenTouches.FirstRead) != 0, trace);
        long secondIn = Read(op, readIssue, touches.SecondPage, (touches.Hidden & HiddenTouches.SecondRead) != 0, trace);
        long recordsIn = records.Read(readIssue, RecordBytesPerPass);
        long firstOpen = _crypto.Run(firstIn, _p.PageBytes);
        long secondOpen = _crypto.Run(secondIn, _p.PageBytes);
        return Math.Max(Math.Max(firstOpen, secondOpen), recordsIn);
    }

    /// <summary>R(page) issued at <paramref name="issue"/> (no row when hidden); returns when its data is in.</summary>
    protected long Read(long op, long issue, int page, bool hidden, ITraceSink? trace)
    {
        if (hidden)
        {
            return issue;
        }

        trace?.Record(new TraceRow(op, issue, TraceKind.R, (long)page * _p.PageBytes, _p.PageBytes));
        return _link.Read(issue, _p.PageBytes);
    }

    /// <summary>W(page) once ready (no row when hidden); returns when its last byte has left.</summary>
    protected long Write(long op, long ready, int page, bool hidden, ITraceSink? trace)
    {
        if (hidden)
        {
            return ready;
        }

        long issue = _link.WriteIssue(ready);
        trace?.Record(new TraceRow(op, issue, TraceKind.W, (long)page * _p.PageBytes, _p.PageBytes));
        return _link.Write(issue, _p.PageBytes);
    }

    /// <summary>
    /// The responses of a batch are sealed by the GCM engine after its last access ends and leave as one frame
    /// (an RSP row of the frame's sealed size); returns the cycle the host has them: the transfer plus half a
    /// round trip.
    /// </summary>
    public virtual long EndBatch(long lastOp, int count, long lastAccessEnd, ITraceSink? trace)
    {
        int bytes = FrameLayout.Bytes(count, _p.ResponseBytes);
        long issue = _link.WriteIssue(_crypto.Run(lastAccessEnd, count * _p.ResponseBytes));
        trace?.Record(new TraceRow(lastOp, issue, TraceKind.RSP, 0, bytes));
        long sent = _link.Write(issue, bytes);
        _deviceFree = Math.Max(_deviceFree, sent);
        return sent + (_link.RoundTrip / 2);
    }

    /// <summary>
    /// HBM traffic per access in the padded kernel: the probe window and the entry write-back, two bin loads,
    /// two page versions, two pending lists, and up to 2·l_max + 1 records, each read and written.
    /// </summary>
    private static long ComputeHbmBytesPerAccess(BoltParameters p)
    {
        long window = (long)BoltParameters.ProbeWindow * BoltParameters.PositionEntryBytes;
        long entry = BoltParameters.PositionEntryBytes;
        long loads = 2 * sizeof(ushort);
        long versions = 2 * sizeof(ulong);
        long pendingLists = 2 * (sizeof(uint) + ((long)p.SlotsPerBin * sizeof(uint)));
        long records = ((2L * p.SlotsPerBin) + 1) * p.SlotBytes;
        return window + entry + (2 * (loads + versions + pendingLists + records));
    }

    /// <summary>
    /// Words a checkpoint keeps for the schedule's clocks: the sequential schedule's seven, and room for a pipelined one's
    /// stage clocks, in-flight ends (up to <see cref="PlatformPreset.MaxPipelineDepth"/>) and pending writes. Fixed, so the
    /// image's size does not depend on the timing preset.
    /// </summary>
    internal const int ClockCount = 64;

    /// <summary>Writes every clock of the model into <paramref name="words"/> (<see cref="ClockCount"/> long), so a checkpoint restores the modeled time with the state.</summary>
    internal virtual void SaveClocks(Span<long> words)
    {
        words.Clear();
        (words[0], words[1], words[2], words[3]) = (_deviceFree, _loadPlaced, _link.Free.ToDevice, _link.Free.ToHost);
        (words[4], words[5], words[6]) = (_positionMapChannel.Free, _recordChannel.Free, _crypto.Free);
    }

    /// <summary>Restores what <see cref="SaveClocks"/> wrote.</summary>
    internal virtual void RestoreClocks(ReadOnlySpan<long> words)
    {
        (_deviceFree, _loadPlaced) = (words[0], words[1]);
        _link.Free = (words[2], words[3]);
        (_positionMapChannel.Free, _recordChannel.Free, _crypto.Free) = (words[4], words[5], words[6]);
    }
}

using Bolt.Core.Channel;

namespace Bolt.Core.Durability;

/// <summary>
/// The layout of a device's checkpoint image (hardware/SPEC.md §12), shared by the simulator and the kernel
/// (hardware/kernel/bolt_checkpoint.h), which write it byte for byte alike after the same calls: the magic, the
/// parameter words, the kernel's private state words 32..127, then the HBM structures in the kernel's layout and zero
/// padding to 16 bytes. Word indices are bolt_abi.h's BOLT_ST_* (the Bolt.OpenCl.KernelAbi twins; a test checks they agree).
/// </summary>
public static class DeviceImage
{
    /// <summary>"BOLTIMG1", little-endian.</summary>
    public const ulong Magic = 0x31474d49544c4f42;

    /// <summary>The first private state word in the image, and the count after it.</summary>
    public const int FirstStateWord = 32, StateWords = 96;

    /// <summary>Parameter words that bind an image to a map's layout.</summary>
    public const int ParameterWords = 15;

    /// <summary>Private state words (bolt_abi.h BOLT_ST_*).</summary>
    public const int Items = 32, StashCount = 33, AccessSeq = 34, StashFull = 35, FreeCount = 36, IntegrityFailures = 40, LastFailedPage = 41,
        Initialised = 42, FramesRejected = 43, ChannelReady = 45, FramesRetransmitted = 46, Commits = 47, LinkInFree = 48, LinkOutFree = 49,
        PmFree = 50, RecFree = 51, CryptoFree = 52, DeviceFree = 53, HostReady = 54, LoadPlaced = 55, LifetimeLo = 58, LifetimeHi = 59,
        Halted = 61, Ops = 62, Batches = 63, PipeLookupFree = 64, PipeModifyFree = 65, PipeSealFree = 66, PipeFrameFree = 67,
        PipeRecReadFree = 68, PipeRecWriteFree = 69, PipeAccesses = 70, PipePending = 71, PipeFrameKeystream = 80, PipeResponseKeystream = 81,
        PipeSealGhashFree = 82, PipeFrameGhashFree = 83, PipeOpenGhashFree = 84, PipeEnds = 96;

    /// <summary>Bytes of the session table before the response caches: the last session id, then one 72-byte slot per session.</summary>
    public static long SessionTableBytes(BoltParameters p) => 8 + ((long)p.SessionSlots * SessionSlotBytes);

    /// <summary>Bytes of one session slot: id | next sequence | command key | response key | tag | cached response bytes.</summary>
    public const int SessionSlotBytes = 72;

    /// <summary>Bytes of one session's response cache: room for the largest response frame.</summary>
    public static long ResponseCacheBytes(BoltParameters p) => FrameLayout.Bytes(ChannelEndpoint.MaxFrameRecords, p.ResponseBytes);

    /// <summary>The parameter words (config words 0..13 and the session slots) in the image's head.</summary>
    public static ulong[] Parameters(BoltParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return
        [
            (ulong)p.Capacity, (ulong)p.Bins, (ulong)p.HbmBins, (ulong)p.HostPages, (ulong)p.SlotsPerBin, (ulong)p.SlotBytes, (ulong)p.PageBytes,
            (ulong)p.ValueSize, (ulong)p.StashCapacity, (ulong)p.RecordCapacity, (ulong)p.PositionSlots,
            (ulong)Math.Min(BoltParameters.ProbeWindow, p.PositionSlots), (ulong)p.CommandBytes, (ulong)p.ResponseBytes, (ulong)p.SessionSlots,
        ];
    }

    /// <summary>Bytes of the image before padding.</summary>
    public static long UnpaddedBytes(BoltParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        long head = 8 + (ParameterWords * 8) + (StateWords * 8);
        long engine = ((long)p.PositionSlots * BoltParameters.PositionEntryBytes) + ((long)p.RecordCapacity * p.SlotBytes) + ((long)p.RecordCapacity * 4)
            + ((long)p.Bins * 2) + ((long)p.HostPages * 8) + ((long)p.HostPages * (p.SlotsPerBin + 1) * 4);
        long channel = SessionTableBytes(p) + (p.SessionSlots * ResponseCacheBytes(p));
        return head + engine + channel;
    }

    /// <summary>Bytes of the image: fixed by the parameters, a multiple of 16.</summary>
    public static long Bytes(BoltParameters p) => (UnpaddedBytes(p) + 15) / 16 * 16;
}

using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Crypto;

namespace Bolt.Sim.Engine;

/// <summary>
/// The functional model of the accelerator: the access of SPEC §6 as a short script over the HBM structures
/// and the sealed host pages. It decides *what* happens; <see cref="Timing.AccessSchedule"/> decides *when*.
/// Single-threaded and allocation-free per access. Its large structures live in native memory, freed by
/// <see cref="Dispose"/>.
/// </summary>
public sealed partial class BoltEngine : IDisposable
{
    private readonly BoltParameters _p;
    private AesCtrPrng _prng;
    private readonly PositionMap _map;
    private readonly RecordPool _records;
    private readonly BinLoads _loads;
    private readonly EvictionBuffer _pending;
    private readonly OverflowStash _stash;
    private readonly HostPageStore _host;
    private LoadStaging? _staging;
    private readonly byte[] _firstBuffer;
    private readonly byte[] _secondBuffer;
    private readonly int _slotBytes;
    private readonly uint _hbmBins;
    private long _accessSeq;
    private long _drawnSequence = -1;
    private int _aheadFirstPage = -1;
    private int _aheadSecondPage = -1;
    private PrngBlock _drawnBins;
    private PrngBlock _drawnDummies;
    private long _hbmItems;
    private long _maxHbmItems;
    private long _integrityFailures;
    private bool _initialised;
    private bool _halted;

    /// <summary>
    /// Creates an uninitialised engine for one device lifetime; <see cref="Initialise"/> must run before the first
    /// access. <paramref name="lifetimeKey"/> is <c>K_life</c> (SPEC §3), from which the PRNG and page keys derive;
    /// <paramref name="hostRegionFile"/>, when given, holds the host region (memory-mapped) instead of native memory.
    /// </summary>
    public BoltEngine(BoltParameters parameters, ReadOnlySpan<byte> lifetimeKey, string? hostRegionFile = null)
    {
        if (lifetimeKey.Length != 16)
        {
            throw new BoltConfigurationException("lifetime", "The lifetime key must be 16 bytes.");
        }

        _p = parameters;
        _prng = new AesCtrPrng(lifetimeKey);
        _map = new PositionMap(parameters.PositionSlots, BoltParameters.ProbeWindow);
        _records = new RecordPool(parameters.RecordCapacity, parameters.SlotBytes);
        _loads = new BinLoads(parameters.Bins);
        _pending = new EvictionBuffer(parameters.HostPages, parameters.SlotsPerBin);
        _stash = new OverflowStash(parameters.StashCapacity);
        _host = new HostPageStore(parameters.HostPages, parameters.PageBytes, lifetimeKey, hostRegionFile);
        _firstBuffer = new byte[_host.BodyBytes];
        _secondBuffer = new byte[_host.BodyBytes];
        _slotBytes = parameters.SlotBytes;
        _hbmBins = (uint)parameters.HbmBins;
    }

    /// <summary>The untrusted host-memory region.</summary>
    public HostPageStore Host => _host;

    /// <summary>Accesses served so far; the next access uses this sequence number.</summary>
    public long AccessSequence => _accessSeq;

    /// <summary>
    /// True once a host page failed authentication (SPEC §6, fail-stop): every later access is refused with
    /// <see cref="DeviceStatus.Halted"/> and touches nothing, so the aborted access's candidate pages, frozen by the
    /// abort, are never revealed again. Only a new lifetime (or an authenticated checkpoint) brings a map back.
    /// </summary>
    public bool Halted => _halted;

    /// <summary>True once <see cref="Initialise"/> has loaded the map.</summary>
    public bool IsInitialised => _initialised;

    /// <summary>The page and reason of the last integrity failure, for diagnostics.</summary>
    public (int Page, string Reason) LastIntegrityFailure { get; private set; } = (-1, string.Empty);

    /// <summary>A snapshot of the counters and high-water marks.</summary>
    public EngineCounters Counters => new()
    {
        Accesses = _accessSeq,
        Items = _map.Count,
        HbmItems = _hbmItems,
        MaxHbmItems = _maxHbmItems,
        MaxBinLoad = _loads.MaxLoad,
        EvictionBuffer = _pending.Size,
        MaxEvictionBuffer = _pending.MaxSize,
        Stash = _stash.Count,
        MaxStash = _stash.MaxCount,
        StashOverflowed = _stash.Overflowed,
        IntegrityFailures = _integrityFailures,
    };

    /// <summary>
    /// Serves one command record (SPEC §6) and writes its response record. Returns the pages touched.
    /// </summary>
    public AccessTouches Access(ReadOnlySpan<byte> command, Span<byte> response)
    {
        if (!_initialised)
        {
            throw new DeviceStateException("The device holds no map yet: it must be initialised (create the map) before its first access.");
        }

        long sequence = _accessSeq++;
        if (_halted && Leak != LeakInjection.NoFailStop)
        {
            ResponseLayout.Write(response, DeviceStatus.Halted, false, default);
            return AccessTouches.Refused;
        }

        // 1. Draw: two PRNG blocks per access, whatever happens next: the fresh bins, and the dummy pages drawn
        // with the same 64-bit range so that a dummy page and a candidate page follow the same law (SPEC §3).
        var (bins, dummies) = Draws(sequence);
        uint b1 = (uint)AesCtrPrng.Range64(bins.Q0, _p.Bins);
        uint b2 = (uint)AesCtrPrng.Range64(bins.Q1, _p.Bins);
        (int dummyFirst, int dummySecond) = Leak == LeakInjection.BiasedDummies
            ? (AesCtrPrng.Range(dummies.W0, _p.HostPages), AesCtrPrng.Range(dummies.W1, _p.HostPages))
            : (AesCtrPrng.Range64(dummies.Q0, _p.HostPages), AesCtrPrng.Range64(dummies.Q1, _p.HostPages));

        // 2–3. Validate, look up.
        uint op = CommandLayout.ReadOp(command);
        int length = (int)Math.Min(CommandLayout.ReadLength(command), int.MaxValue);
        var digest = CommandLayout.ReadDigest(command);
        var status = Validate(op, length, digest);
        int mapSlot = status == DeviceStatus.Ok ? _map.Find(digest.Lo, digest.Hi) : -1;
        bool hit = mapSlot >= 0;
        var entry = hit ? _map[mapSlot] : default;

        // 4–5. The item's two candidate pages (fresh dummies for a miss or an HBM candidate) are read and
        // authenticated before anything changes.
        int firstPage = hit && IsHostBin(entry.Cand1) ? (int)(entry.Cand1 - _hbmBins) : dummyFirst;
        int secondPage = hit && IsHostBin(entry.Cand2) ? (int)(entry.Cand2 - _hbmBins) : dummySecond;
        var touches = new AccessTouches(firstPage, secondPage, Aborted: false);
        if (Leak != LeakInjection.None)
        {
            touches = InjectLeak(touches, op, length, digest, hit, entry, dummySecond);
        }

        if (PrefetchHints)
        {
            PrefetchPendingRecords(firstPage);
            PrefetchPendingRecords(secondPage);
        }

        bool authentic = TryOpen(firstPage, _firstBuffer);
        PrefetchAheadPage(_aheadFirstPage, half: 0);
        authentic = authentic && TryOpen(secondPage, _secondBuffer);
        PrefetchAheadPage(_aheadFirstPage, half: 1);
        if (!authentic)
        {
            // Fail-stop: the item keeps its candidates (nothing may change on unauthenticated input), so no later
            // access may run and reveal them again.
            _halted = true;
            ResponseLayout.Write(response, DeviceStatus.IntegrityViolation, false, default);
            return touches with { Aborted = true };
        }

        Span<byte> secondPlain = secondPage == firstPage ? _firstBuffer : _secondBuffer;

        // 6–7. Execute and re-place.
        if (status == DeviceStatus.Ok)
        {
            var item = ItemLocation.Absent;
            var homePlain = Span<byte>.Empty;
            if (hit)
            {
                int homePage = IsHostBin(entry.Home) ? (int)(entry.Home - _hbmBins) : -1;
                homePlain = homePage == firstPage ? _firstBuffer : secondPlain;
                item = Locate(mapSlot, homePage, homePlain);
            }

            status = Execute((OpCode)op, digest, command, response, mapSlot, item, b1, b2, homePlain);
        }

        if ((OpCode)op != OpCode.Get || status != DeviceStatus.Ok)
        {
            ResponseLayout.Write(response, status, hit, default);
        }

        // 8–9. Both touched pages take their pending items, then are sealed and written, first then second.
        Merge(firstPage, _firstBuffer);
        Merge(secondPage, secondPlain);
        _host.Seal(firstPage, _firstBuffer);
        PrefetchAheadPage(_aheadSecondPage, half: 0);
        _host.Seal(secondPage, secondPlain);
        PrefetchAheadPage(_aheadSecondPage, half: 1);
        (_aheadFirstPage, _aheadSecondPage) = (-1, -1);
        return touches;
    }

    /// <summary>
    /// A hint for the access after the next one (<paramref name="afterNext"/>) and the next one
    /// (<paramref name="next"/>), called before the current access: brings the first's position-map slot, and the
    /// second's candidate bin loads, page versions and pending lists and its fresh bins' loads and pending lists, into
    /// the CPU cache while the current access runs; the second's pages (candidate or dummy) follow during the current
    /// access's page opens. Changes no state the device defines; skipping it changes only the wall time.
    /// </summary>
    public void Prefetch(ReadOnlySpan<byte> next, ReadOnlySpan<byte> afterNext)
    {
        if (afterNext.Length >= CommandLayout.ValueOffset)
        {
            _map.Prefetch(CommandLayout.ReadDigest(afterNext).Lo);
        }

        if (next.Length < CommandLayout.ValueOffset)
        {
            return;
        }

        // The next access's draws are a function of its sequence number alone: drawing them now (they are kept
        // for it) tells where its fresh bins and dummy pages are.
        var (bins, dummies) = Draws(_accessSeq + 1);
        PrefetchFreshBin((uint)AesCtrPrng.Range64(bins.Q0, _p.Bins));
        PrefetchFreshBin((uint)AesCtrPrng.Range64(bins.Q1, _p.Bins));
        var digest = CommandLayout.ReadDigest(next);
        int slot = digest.IsZero ? -1 : _map.Find(digest.Lo, digest.Hi);

        // A miss, or a candidate in HBM (or the stash), reads a fresh dummy page in place of the candidate's.
        var entry = slot >= 0 ? _map[slot] : default;
        _aheadFirstPage = PrefetchCandidate(slot >= 0 ? entry.Cand1 : PositionMap.StashHome, dummies.Q0);
        _aheadSecondPage = PrefetchCandidate(slot >= 0 ? entry.Cand2 : PositionMap.StashHome, dummies.Q1);
        if (slot >= 0 && entry.Record != PositionMap.NoRecord)
        {
            // An item in HBM (or the stash): its record is read, and moved if it leaves.
            _records.Prefetch(entry.Record);
        }
    }

    /// <summary>
    /// Whether the engine asks the CPU for lines ahead of their use: the position-map slot and pages of the coming
    /// accesses (<see cref="Prefetch"/>, called by the device) and, within an access, its pages' pending records.
    /// Hints change only the wall time.
    /// </summary>
    public bool PrefetchHints { get; init; } = true;

    /// <summary>Frees the native memory of the HBM structures and the host region.</summary>
    public void Dispose()
    {
        StopPrefault();
        _map.Dispose();
        _records.Dispose();
        _loads.Dispose();
        _pending.Dispose();
        _host.Dispose();
        _staging?.Dispose();
    }

    /// <summary>
    /// The records pending for a page this access touches are read by the merge (and searched by the lookup of an
    /// item that is pending) after both pages are opened. Each sits wherever it was allocated, long ago, so it is
    /// usually out of cache; asking for it now hides that behind the pages' decryption. The page's pending list
    /// itself was prefetched one access ahead.
    /// </summary>
    private void PrefetchPendingRecords(int page)
    {
        int count = _pending.Count(page);
        for (int k = 0; k < count; k++)
        {
            _records.Prefetch(_pending.Get(page, k));
        }
    }

    /// <summary>
    /// A fresh bin's load is compared and, if the item goes there, its pending list grows; its page is not read by
    /// this access (a third of the lines a candidate needs), so it is not fetched.
    /// </summary>
    private void PrefetchFreshBin(uint bin)
    {
        _loads.Prefetch(bin);
        if (bin >= _hbmBins)
        {
            _pending.Prefetch((int)(bin - _hbmBins));
        }
    }

    /// <summary>
    /// A candidate bin's load, and the version and pending list of the page read and sealed in its place: the bin's
    /// own page for a host bin, else the dummy page drawn from <paramref name="dummyDraw"/>. Returns that page, whose
    /// bytes are asked for later (<see cref="PrefetchAheadPage"/>).
    /// </summary>
    private int PrefetchCandidate(uint bin, ulong dummyDraw)
    {
        if (bin != PositionMap.StashHome)
        {
            _loads.Prefetch(bin);
        }

        int page = IsHostBin(bin) ? (int)(bin - _hbmBins) : AesCtrPrng.Range64(dummyDraw, _p.HostPages);
        _host.PrefetchVersion(page);
        _pending.Prefetch(page);
        return page;
    }

    /// <summary>
    /// Asks for half the bytes of a page the next access reads (found by <see cref="Prefetch"/>), one half after each
    /// of this access's four page opens and seals. Asked for together with the rest of <see cref="Prefetch"/>'s lines,
    /// the two pages' 16 to 18 lines stalled the thread: the profile put the time on the prefetch instructions, which
    /// must each translate their address (on this virtual machine a page walk per 4 KiB page, README "Simulator
    /// speed") and find a free line buffer. Spread out, they arrive while the cryptography computes.
    /// </summary>
    private void PrefetchAheadPage(int page, int half)
    {
        if (page >= 0)
        {
            _host.PrefetchBytes(page, half);
        }
    }

    /// <summary>
    /// Step 1's two PRNG blocks for access <paramref name="sequence"/>: the fresh bins and the dummy pages. Those of
    /// the next access are drawn once, early, by <see cref="Prefetch"/>; either way they are the same blocks.
    /// </summary>
    private (PrngBlock Bins, PrngBlock Dummies) Draws(long sequence)
    {
        if (sequence != _drawnSequence)
        {
            _drawnSequence = sequence;
            _drawnBins = _prng.Block(AesCtrPrng.AccessDomain, (ulong)sequence);
            _drawnDummies = _prng.Block(AesCtrPrng.DummyDomain, (ulong)sequence);
        }

        return (_drawnBins, _drawnDummies);
    }

    private DeviceStatus Validate(uint op, int length, Digest128 digest)
    {
        if (op is < (uint)OpCode.Get or > (uint)OpCode.Delete)
        {
            return DeviceStatus.InvalidCommand;
        }

        if (digest.IsZero)
        {
            return DeviceStatus.InvalidKey;
        }

        return op == (uint)OpCode.Put && length > _p.ValueSize ? DeviceStatus.ValueTooLarge : DeviceStatus.Ok;
    }

    private DeviceStatus Execute(OpCode op, Digest128 digest, ReadOnlySpan<byte> command, Span<byte> response,
        int mapSlot, ItemLocation item, uint b1, uint b2, Span<byte> homePlain)
    {
        switch (op)
        {
            case OpCode.Get when item.Exists:
                ResponseLayout.Write(response, DeviceStatus.Ok, true, SlotValue(item.Slot(this, homePlain)));
                Replace(mapSlot, item, b1, b2, homePlain);
                return DeviceStatus.Ok;
            case OpCode.Put when item.Exists:
                SlotLayout.Write(item.Slot(this, homePlain), digest.Lo, digest.Hi, CommandValue(command));
                Replace(mapSlot, item, b1, b2, homePlain);
                return DeviceStatus.Ok;
            case OpCode.Put:
                return Insert(digest, CommandValue(command), b1, b2);
            case OpCode.Delete when item.Exists:
                Remove(mapSlot, item, homePlain);
                return DeviceStatus.Ok;
            default:
                return DeviceStatus.NotFound;
        }
    }

    private DeviceStatus Insert(Digest128 digest, ReadOnlySpan<byte> value, uint b1, uint b2)
    {
        if (_map.Count >= _p.Capacity)
        {
            return DeviceStatus.CapacityExceeded;
        }

        if (_stash.Overflowed)
        {
            return DeviceStatus.StashOverflow;
        }

        uint target = ChooseBin(b1, b2, PositionMap.StashHome);
        if ((target == PositionMap.StashHome && _stash.Count >= _stash.Capacity) || !_records.TryAllocate(out uint record))
        {
            _stash.MarkOverflowed();
            return DeviceStatus.StashOverflow;
        }

        int mapSlot = _map.Insert(digest.Lo, digest.Hi, b1, b2, target, IsHostBin(target) ? PositionMap.NoRecord : record);
        if (mapSlot < 0)
        {
            _records.Free(record);
            return DeviceStatus.CapacityExceeded;
        }

        SlotLayout.Write(_records[record], digest.Lo, digest.Hi, value);
        Place(target, record);
        return DeviceStatus.Ok;
    }

    /// <summary>SPEC §6.7: move a surviving item to the less loaded of two fresh bins, or leave it if it cannot move.</summary>
    private void Replace(int mapSlot, ItemLocation item, uint b1, uint b2, Span<byte> homePlain)
    {
        ref var entry = ref _map[mapSlot];
        uint oldHome = entry.Home;
        uint target = ChooseBin(b1, b2, oldHome);
        bool stashFull = target == PositionMap.StashHome && _stash.Count - (oldHome == PositionMap.StashHome ? 1 : 0) >= _stash.Capacity;
        uint record = item.Record;
        if (stashFull || (item.InPage && !_records.TryAllocate(out record)))
        {
            _stash.MarkOverflowed();
            return;
        }

        if (item.InPage)
        {
            var slot = PageSlot(homePlain, item.PageSlot);
            slot.CopyTo(_records[record]);
            slot.Clear();
        }

        Unhome(oldHome, item);
        entry.Cand1 = b1;
        entry.Cand2 = b2;
        entry.Home = target;
        entry.Record = IsHostBin(target) ? PositionMap.NoRecord : record;
        Place(target, record);
    }

    private void Remove(int mapSlot, ItemLocation item, Span<byte> homePlain)
    {
        uint home = _map[mapSlot].Home;
        if (item.InPage)
        {
            PageSlot(homePlain, item.PageSlot).Clear();
        }
        else
        {
            _records.Free(item.Record);
        }

        Unhome(home, item);
        _map.Remove(mapSlot);
    }

    /// <summary>Takes an item out of its old home's bookkeeping (load, pending list, stash count).</summary>
    private void Unhome(uint home, ItemLocation item)
    {
        if (home == PositionMap.StashHome)
        {
            _stash.Remove();
            return;
        }

        _loads.Decrement(home);
        if (item.PendingIndex >= 0)
        {
            _pending.RemoveAt((int)(home - _hbmBins), item.PendingIndex);
        }
        else if (home < _hbmBins)
        {
            _hbmItems--;
        }
    }

    /// <summary>Homes an item that sits in <paramref name="record"/>: HBM bin, pending list, or stash.</summary>
    private void Place(uint target, uint record)
    {
        if (target == PositionMap.StashHome)
        {
            _stash.Add();
            return;
        }

        _loads.Increment(target);
        if (IsHostBin(target))
        {
            _pending.Append((int)(target - _hbmBins), record);
        }
        else if (++_hbmItems > _maxHbmItems)
        {
            _maxHbmItems = _hbmItems;
        }
    }

    /// <summary>The less loaded of two bins, loads counted as if the item had left <paramref name="oldHome"/>; STASH if both are full.</summary>
    private uint ChooseBin(uint b1, uint b2, uint oldHome)
    {
        int l1 = _loads[b1] - (b1 == oldHome ? 1 : 0);
        int l2 = _loads[b2] - (b2 == oldHome ? 1 : 0);
        (uint target, int load) = l1 <= l2 ? (b1, l1) : (b2, l2);
        return load >= _p.SlotsPerBin ? PositionMap.StashHome : target;
    }

    /// <summary>SPEC §6.8: each pending record of the page, in order, goes to the lowest empty slot.</summary>
    private void Merge(int page, Span<byte> plain)
    {
        int count = _pending.Count(page);
        int next = 0;
        for (int k = 0; k < count; k++)
        {
            uint record = _pending.Get(page, k);
            while (SlotLayout.IsOccupied(PageSlot(plain, next)))
            {
                next++;
            }

            _records[record].CopyTo(PageSlot(plain, next));
            _records.Free(record);
        }

        _pending.Clear(page);
    }

    private ItemLocation Locate(int mapSlot, int page, Span<byte> plain)
    {
        var entry = _map[mapSlot];
        if (!IsHostBin(entry.Home))
        {
            return ItemLocation.InRecord(entry.Record);
        }

        int inPage = SlotLayout.IndexOf(plain[..(_p.SlotsPerBin * _slotBytes)], _slotBytes, entry.Lo, entry.Hi);
        if (inPage >= 0)
        {
            return ItemLocation.InPageSlot(inPage);
        }

        for (int k = 0; k < _pending.Count(page); k++)
        {
            uint record = _pending.Get(page, k);
            if (SlotLayout.Holds(_records[record], entry.Lo, entry.Hi))
            {
                return ItemLocation.Pending(record, k);
            }
        }

        throw new InvalidOperationException($"Engine invariant broken: item {new Digest128(entry.Lo, entry.Hi)} homed on page {page} is in neither the page nor its pending list.");
    }

    private bool TryOpen(int page, Span<byte> plain)
    {
        if (_host.TryOpen(page, plain, out string reason))
        {
            return true;
        }

        _integrityFailures++;
        LastIntegrityFailure = (page, reason);
        return false;
    }

    private bool IsHostBin(uint bin) => bin != PositionMap.StashHome && bin >= _hbmBins;

    private Span<byte> PageSlot(Span<byte> plain, int slot) => plain.Slice(slot * _slotBytes, _slotBytes);

    private ReadOnlySpan<byte> CommandValue(ReadOnlySpan<byte> command) =>
        command.Slice(CommandLayout.ValueOffset, (int)CommandLayout.ReadLength(command));

    private static ReadOnlySpan<byte> SlotValue(ReadOnlySpan<byte> slot) => slot.Slice(SlotLayout.ValueOffset, SlotLayout.ValueLength(slot));
}

using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Memory;
using Bolt.Sim.Engine;
using Bolt.Sim.Timing;

namespace Bolt.Bench.Rules;

/// <summary>
/// BOLT's published rule (CCS 2025 and its artifact) as a model on the same platform preset, so Bolt's figures
/// and the paper's design are compared on one timing model:
/// <list type="bullet">
/// <item>an access reads the item's <b>home page</b> when the item sits in a host page's slots (nothing when it
/// is in HBM, in the stash or still in the eviction buffer, or absent);</item>
/// <item>the item is re-placed in the less loaded of two fresh random bins (HBM bin: a record; host bin: the
/// eviction buffer of that page);</item>
/// <item>then 0, 1 or 2 random pages are <b>flushed</b> (read, merged with their waiting items, written back) —
/// as many as the two fresh bins have host bins, so 0/1/2 with probabilities α², 2α(1−α), (1−α)²;</item>
/// <item>pages are plaintext (no header, no tag, no GCM), placement at load is done by the host CPU and only
/// the HBM structures cross the link, and commands run strictly one after another.</item>
/// </list>
/// The touch count depends on where the item is, which is the leak Bolt's two-candidate rule removes; the model
/// is for timing and traffic only. A slot the device frees in a page it has only read is reclaimed when that
/// page is next flushed; the model clears it at once (the host sees only the read).
/// </summary>
public sealed class PaperRuleDevice : ModeledDevice
{
    private readonly PositionMap _map;
    private readonly RecordPool _records;
    private readonly BinLoads _loads;
    private readonly EvictionBuffer _pending;
    private readonly NativeArray<byte> _pages;
    private readonly int _pageBytes;
    private readonly uint _hbmBins;
    private readonly long _modifyCycles;
    private ulong _rng;
    private int _stash;
    private long _hbmRecordsAtLoad;

    /// <summary>Creates an empty model for a configuration on a platform; <paramref name="seed"/> drives its random draws.</summary>
    public PaperRuleDevice(BoltParameters parameters, PlatformPreset platform, ulong seed)
        : base(parameters, platform)
    {
        _map = new PositionMap(parameters.PositionSlots, BoltParameters.ProbeWindow);
        _records = new RecordPool(parameters.RecordCapacity, parameters.SlotBytes);
        _loads = new BinLoads(parameters.Bins);
        _pending = new EvictionBuffer(parameters.HostPages, parameters.SlotsPerBin);
        _pageBytes = parameters.SlotsPerBin * parameters.SlotBytes;
        _pages = new NativeArray<byte>((long)parameters.HostPages * _pageBytes);
        _hbmBins = (uint)parameters.HbmBins;
        _modifyCycles = (long)platform.ModifyCyclesPerSlot * parameters.SlotsPerBin;
        _rng = seed;
    }

    /// <inheritdoc/>
    public override DeviceRule Rule => DeviceRule.Paper;

    /// <inheritdoc/>
    public override string Name => "bolt-paper";

    /// <inheritdoc/>
    protected override void LoadItem(long index, Digest128 digest, ReadOnlySpan<byte> value)
    {
        if (_map.Find(digest.Lo, digest.Hi) >= 0)
        {
            throw new BulkLoadException(DeviceStatus.InvalidKey, $"Load item {index} repeats digest {digest}.");
        }

        uint target = ChooseBin(NextBin(), NextBin(), PositionMap.StashHome);
        if (IsHostBin(target))
        {
            SlotLayout.Write(Slot(Page(target), _loads[target]), digest.Lo, digest.Hi, value);
            _loads.Increment(target);
            Insert(digest, target, PositionMap.NoRecord, index);
            return;
        }

        if ((target == PositionMap.StashHome && _stash >= Parameters.StashCapacity) || !_records.TryAllocate(out uint record))
        {
            throw new BulkLoadException(DeviceStatus.StashOverflow, $"Load item {index} found both bins full and no room in the stash.");
        }

        SlotLayout.Write(_records[record], digest.Lo, digest.Hi, value);
        Insert(digest, target, record, index);
        Home(target, record);
        _hbmRecordsAtLoad++;
    }

    /// <inheritdoc/>
    protected override long CompleteLoad(long items) =>
        // Host-side placement: the CPU wrote the pages in host memory; the position map and the HBM records cross the link.
        BulkLinkCycles((items * BoltParameters.PositionEntryBytes) + (_hbmRecordsAtLoad * Parameters.SlotBytes))
        + AllChannelCycles((items * BoltParameters.PositionEntryBytes) + (_hbmRecordsAtLoad * Parameters.SlotBytes));

    /// <inheritdoc/>
    protected override long Access(ReadOnlySpan<byte> command, Span<byte> response, long start)
    {
        var status = Validate(command);
        var digest = CommandLayout.ReadDigest(command);
        var op = (OpCode)CommandLayout.ReadOp(command);
        uint b1 = NextBin();
        uint b2 = NextBin();
        long looked = MapChannel.Read(start, BoltParameters.ProbeWindow * BoltParameters.PositionEntryBytes);
        int mapSlot = status == DeviceStatus.Ok ? _map.Find(digest.Lo, digest.Hi) : -1;
        bool hit = mapSlot >= 0;
        long ready = RecordChannel.Read(looked, 2 * Parameters.SlotBytes);
        HbmBytes += (BoltParameters.ProbeWindow * BoltParameters.PositionEntryBytes) + (4L * Parameters.SlotBytes);

        // The home page is read only when the item sits in a host page's slots: BOLT's rule.
        int slotInPage = -1;
        if (hit && IsHostBin(_map[mapSlot].Home) && _map[mapSlot].Record == PositionMap.NoRecord)
        {
            ready = Math.Max(ready, Link.Read(looked, _pageBytes));
            PageBytes += _pageBytes;
            PagesTouched++;
            slotInPage = FindInPage(_map[mapSlot].Home, digest);
        }

        if (status == DeviceStatus.Ok)
        {
            status = Execute(op, digest, command, response, mapSlot, slotInPage, b1, b2);
        }

        if (op != OpCode.Get || status != DeviceStatus.Ok)
        {
            ResponseLayout.Write(response, status, hit, default);
        }

        // Flush as many random pages as the two fresh bins have host bins: reads go out with the lookup's result.
        int flushes = (IsHostBin(b1) ? 1 : 0) + (IsHostBin(b2) ? 1 : 0);
        Span<int> flushed = stackalloc int[2];
        for (int f = 0; f < flushes; f++)
        {
            flushed[f] = (int)NextBelow((uint)Parameters.HostPages);
            ready = Math.Max(ready, Link.Read(looked, _pageBytes));
        }

        long modified = ready + _modifyCycles;
        long end = modified;
        for (int f = 0; f < flushes; f++)
        {
            Flush(flushed[f]);
            end = Link.Write(Link.WriteIssue(modified), _pageBytes);
            PageBytes += 2L * _pageBytes;
            PagesTouched++;
            HbmBytes += 2L * Parameters.SlotsPerBin * sizeof(uint);
        }

        return end;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        _map.Dispose();
        _records.Dispose();
        _pending.Dispose();
        _pages.Dispose();
    }

    private DeviceStatus Execute(OpCode op, Digest128 digest, ReadOnlySpan<byte> command, Span<byte> response, int mapSlot, int slotInPage, uint b1, uint b2)
    {
        if (mapSlot < 0)
        {
            return op == OpCode.Put ? InsertNew(digest, command, b1, b2) : DeviceStatus.NotFound;
        }

        ref var entry = ref _map[mapSlot];
        var bytes = slotInPage >= 0 ? Slot(Page(entry.Home), slotInPage) : _records[entry.Record];
        switch (op)
        {
            case OpCode.Get:
                ResponseLayout.Write(response, DeviceStatus.Ok, true, bytes.Slice(SlotLayout.ValueOffset, SlotLayout.ValueLength(bytes)));
                break;
            case OpCode.Put:
                SlotLayout.Write(bytes, digest.Lo, digest.Hi, command.Slice(CommandLayout.ValueOffset, (int)CommandLayout.ReadLength(command)));
                break;
            default:
                Unhome(ref entry, slotInPage);
                if (entry.Record != PositionMap.NoRecord)
                {
                    _records.Free(entry.Record);
                }

                _map.Remove(mapSlot);
                return DeviceStatus.Ok;
        }

        Replace(ref entry, slotInPage, b1, b2);
        return DeviceStatus.Ok;
    }

    private DeviceStatus InsertNew(Digest128 digest, ReadOnlySpan<byte> command, uint b1, uint b2)
    {
        uint target = ChooseBin(b1, b2, PositionMap.StashHome);
        if (_map.Count >= Parameters.Capacity)
        {
            return DeviceStatus.CapacityExceeded;
        }

        if ((target == PositionMap.StashHome && _stash >= Parameters.StashCapacity) || !_records.TryAllocate(out uint record))
        {
            return DeviceStatus.StashOverflow;
        }

        if (_map.Insert(digest.Lo, digest.Hi, 0, 0, target, record) < 0)
        {
            _records.Free(record);
            return DeviceStatus.CapacityExceeded;
        }

        SlotLayout.Write(_records[record], digest.Lo, digest.Hi, command.Slice(CommandLayout.ValueOffset, (int)CommandLayout.ReadLength(command)));
        Home(target, record);
        return DeviceStatus.Ok;
    }

    /// <summary>Moves a surviving item to the less loaded fresh bin; it stays put if no record or stash room is left.</summary>
    private void Replace(ref PositionEntry entry, int slotInPage, uint b1, uint b2)
    {
        uint target = ChooseBin(b1, b2, entry.Home);
        uint record = entry.Record;
        if ((target == PositionMap.StashHome && _stash - (entry.Home == PositionMap.StashHome ? 1 : 0) >= Parameters.StashCapacity)
            || (slotInPage >= 0 && !_records.TryAllocate(out record)))
        {
            return;
        }

        if (slotInPage >= 0)
        {
            var slot = Slot(Page(entry.Home), slotInPage);
            slot.CopyTo(_records[record]);
        }

        Unhome(ref entry, slotInPage);
        entry.Home = target;
        entry.Record = record;
        Home(target, record);
    }

    /// <summary>Takes an item out of its home's bookkeeping: its page slot, pending entry, stash count, load.</summary>
    private void Unhome(ref PositionEntry entry, int slotInPage)
    {
        if (entry.Home == PositionMap.StashHome)
        {
            _stash--;
            return;
        }

        _loads.Decrement(entry.Home);
        if (slotInPage >= 0)
        {
            Slot(Page(entry.Home), slotInPage).Clear();
        }
        else if (IsHostBin(entry.Home))
        {
            int page = (int)(entry.Home - _hbmBins);
            for (int k = 0; k < _pending.Count(page); k++)
            {
                if (_pending.Get(page, k) == entry.Record)
                {
                    _pending.RemoveAt(page, k);
                    break;
                }
            }
        }
    }

    /// <summary>Homes an item held in <paramref name="record"/>: HBM bin, a page's eviction buffer, or the stash.</summary>
    private void Home(uint target, uint record)
    {
        if (target == PositionMap.StashHome)
        {
            _stash++;
            return;
        }

        _loads.Increment(target);
        if (IsHostBin(target))
        {
            _pending.Append((int)(target - _hbmBins), record);
        }
    }

    /// <summary>Merges a page's waiting items into its empty slots; their records are freed and their entries point at the page.</summary>
    private void Flush(int page)
    {
        var bytes = _pages.Slice((long)page * _pageBytes, _pageBytes);
        int next = 0;
        for (int k = 0; k < _pending.Count(page); k++)
        {
            uint record = _pending.Get(page, k);
            while (SlotLayout.IsOccupied(bytes.Slice(next * Parameters.SlotBytes, Parameters.SlotBytes)))
            {
                next++;
            }

            var source = _records[record];
            source.CopyTo(bytes.Slice(next * Parameters.SlotBytes, Parameters.SlotBytes));
            var digest = Digest128.Read(source);
            _map[_map.Find(digest.Lo, digest.Hi)].Record = PositionMap.NoRecord;
            _records.Free(record);
        }

        _pending.Clear(page);
    }

    private int FindInPage(uint bin, Digest128 digest)
    {
        var page = Page(bin);
        for (int s = 0; s < Parameters.SlotsPerBin; s++)
        {
            if (SlotLayout.Holds(Slot(page, s), digest.Lo, digest.Hi))
            {
                return s;
            }
        }

        throw new InvalidOperationException($"Model invariant broken: {digest} is homed in bin {bin} but not in its page.");
    }

    private uint ChooseBin(uint b1, uint b2, uint oldHome)
    {
        int l1 = _loads[b1] - (b1 == oldHome ? 1 : 0);
        int l2 = _loads[b2] - (b2 == oldHome ? 1 : 0);
        (uint target, int load) = l1 <= l2 ? (b1, l1) : (b2, l2);
        return load >= Parameters.SlotsPerBin ? PositionMap.StashHome : target;
    }

    private void Insert(Digest128 digest, uint home, uint record, long index)
    {
        if (_map.Insert(digest.Lo, digest.Hi, 0, 0, home, record) < 0)
        {
            throw new BulkLoadException(DeviceStatus.CapacityExceeded, $"Load item {index}: the position map's probe window is full.");
        }
    }

    private bool IsHostBin(uint bin) => bin != PositionMap.StashHome && bin >= _hbmBins;

    private Span<byte> Page(uint bin) => _pages.Slice((bin - _hbmBins) * (long)_pageBytes, _pageBytes);

    private Span<byte> Slot(Span<byte> page, int slot) => page.Slice(slot * Parameters.SlotBytes, Parameters.SlotBytes);

    private uint NextBin() => NextBelow((uint)Parameters.Bins);

    /// <summary>SplitMix64 with multiply-shift range reduction: fast, seeded, not secret (the model hides nothing).</summary>
    private uint NextBelow(uint n)
    {
        ulong z = _rng += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return (uint)(((z ^ (z >> 31)) >> 32) * n >> 32);
    }
}

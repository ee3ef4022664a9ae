using System.Runtime.CompilerServices;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Crypto;
using Bolt.Core.Memory;

namespace Bolt.Sim.Engine;

public sealed partial class BoltEngine
{
    /// <summary>Items placed ahead of time: their PRNG blocks are drawn and their map and load lines fetched first.</summary>
    private const int LoadLookahead = 16;

    /// <summary>Loads whose staging and host region are smaller than this fault them in on the loading thread.</summary>
    private const long PrefaultMinimumBytes = 32L << 20;

    private long _loadedItems;
    private MemoryPrefaulter? _prefaulter;

    /// <summary>
    /// Device-side initialisation and bulk load in one call (SPEC §7): <see cref="LoadPart"/> of every record,
    /// then <see cref="CompleteLoad"/>. On any error the device is left empty and uninitialised.
    /// </summary>
    /// <param name="putRecords">Put command records, one per item.</param>
    /// <param name="onPageSealed">Called with each page index as it is sealed, in order (for trace and timing).</param>
    public void Initialise(ReadOnlySpan<byte> putRecords, Action<int>? onPageSealed = null)
    {
        LoadPart(putRecords);
        CompleteLoad(onPageSealed);
    }

    /// <summary>
    /// Places one part of a bulk load streamed in pieces: item <c>i</c> of the part is item
    /// <c>loaded + i</c> of the load (its PRNG block index), so a load split anywhere places exactly as one
    /// whole load. Host-home items go straight into their page's plaintext. On any error every structure is
    /// reset to empty (the items of earlier parts are gone too) and the exception propagates.
    /// </summary>
    /// <exception cref="BulkLoadException">An item is invalid, repeats a digest, or does not fit.</exception>
    public void LoadPart(ReadOnlySpan<byte> putRecords)
    {
        if (_initialised)
        {
            throw new DeviceStateException("The device already holds a map (it was initialised); a new map needs a fresh device. To use the existing map, connect to it.");
        }

        int stride = _p.CommandBytes;
        if (putRecords.Length % stride != 0)
        {
            throw new ArgumentException($"The load is not a whole number of {stride}-byte records.", nameof(putRecords));
        }

        int count = putRecords.Length / stride;
        try
        {
            if (_loadedItems + count > _p.Capacity)
            {
                throw new BulkLoadException(DeviceStatus.CapacityExceeded, $"The load has {_loadedItems + count} items; the capacity is {_p.Capacity}.");
            }

            // A pipeline over the part: item i is drawn and its map slot and bin loads are fetched LoadLookahead
            // items before it is placed; half-way there (the loads are in cache by then) its likely slot in its
            // likely page is fetched too. Every item is still placed in order with its own draw.
            Span<PrngBlock> draws = stackalloc PrngBlock[LoadLookahead];
            for (int i = 0; i < count + LoadLookahead; i++)
            {
                int placed = i - LoadLookahead;
                if (placed >= 0)
                {
                    LoadOne(_loadedItems + placed, draws[placed % LoadLookahead], putRecords.Slice(placed * stride, stride));
                }

                if (i < count)
                {
                    var draw = draws[i % LoadLookahead] = _prng.Block(AesCtrPrng.LoadDomain, (ulong)(_loadedItems + i));
                    _map.Prefetch(CommandLayout.ReadDigest(putRecords.Slice(i * stride, stride)).Lo);
                    _loads.Prefetch((uint)AesCtrPrng.Range64(draw.Q0, _p.Bins));
                    _loads.Prefetch((uint)AesCtrPrng.Range64(draw.Q1, _p.Bins));
                }

                int halfway = i - (LoadLookahead / 2);
                if (halfway >= 0 && halfway < count)
                {
                    PrefetchLoadSlot(draws[halfway % LoadLookahead]);
                }
            }

            _loadedItems += count;
        }
        catch
        {
            Reset();
            throw;
        }
    }

    /// <summary>Ends the load: seals every page once with version 1, in page order; the device is then initialised.</summary>
    /// <param name="onPageSealed">Called with each page index as it is sealed, in order (for trace and timing).</param>
    public void CompleteLoad(Action<int>? onPageSealed = null)
    {
        if (_initialised)
        {
            throw new InvalidOperationException("The device is already initialised.");
        }

        var staging = Staging();
        for (int page = 0; page < _p.HostPages; page++)
        {
            _host.Seal(page, staging.Body(page));
            onPageSealed?.Invoke(page);
        }

        DropStaging();
        _initialised = true;
    }

    /// <summary>A hint: fetches the page slot an item of the load would take if the bin loads stay as they are now.</summary>
    /// <remarks>This and <see cref="LoadOne"/> run once per item of a load, millions of times before tiered compilation would optimise them.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PrefetchLoadSlot(PrngBlock draw)
    {
        uint target = ChooseBin((uint)AesCtrPrng.Range64(draw.Q0, _p.Bins), (uint)AesCtrPrng.Range64(draw.Q1, _p.Bins), PositionMap.StashHome);
        if (IsHostBin(target))
        {
            Staging().PrefetchBody((int)(target - _hbmBins), _loads[target] * _slotBytes);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LoadOne(long index, PrngBlock draw, ReadOnlySpan<byte> record)
    {
        var digest = CommandLayout.ReadDigest(record);
        uint length = CommandLayout.ReadLength(record);
        if (CommandLayout.ReadOp(record) != (uint)OpCode.Put || digest.IsZero || length > _p.ValueSize)
        {
            throw new BulkLoadException(digest.IsZero ? DeviceStatus.InvalidKey : length > _p.ValueSize ? DeviceStatus.ValueTooLarge : DeviceStatus.InvalidCommand,
                $"Load item {index} is not a valid put (op {CommandLayout.ReadOp(record)}, length {length}, digest {digest}).");
        }

        if (_map.Find(digest.Lo, digest.Hi) >= 0)
        {
            throw new BulkLoadException(DeviceStatus.InvalidKey, $"Load item {index} repeats digest {digest}.");
        }

        uint b1 = (uint)AesCtrPrng.Range64(draw.Q0, _p.Bins);
        uint b2 = (uint)AesCtrPrng.Range64(draw.Q1, _p.Bins);
        uint target = ChooseBin(b1, b2, PositionMap.StashHome);
        var value = record.Slice(CommandLayout.ValueOffset, (int)length);
        if (IsHostBin(target))
        {
            // Slots fill in order during a load, so the lowest empty slot is the bin's current load.
            int page = (int)(target - _hbmBins);
            SlotLayout.Write(PageSlot(Staging().Body(page), _loads[target]), digest.Lo, digest.Hi, value);
            _loads.Increment(target);
            InsertLoadEntry(digest, b1, b2, target, PositionMap.NoRecord, index);
            return;
        }

        if ((target == PositionMap.StashHome && _stash.Count >= _stash.Capacity) || !_records.TryAllocate(out uint rec))
        {
            throw new BulkLoadException(DeviceStatus.StashOverflow, $"Load item {index} found both bins full and no room in the stash.");
        }

        SlotLayout.Write(_records[rec], digest.Lo, digest.Hi, value);
        InsertLoadEntry(digest, b1, b2, target, rec, index);
        Place(target, rec);
    }

    private void InsertLoadEntry(Digest128 digest, uint cand1, uint cand2, uint home, uint record, long index)
    {
        if (_map.Insert(digest.Lo, digest.Hi, cand1, cand2, home, record) < 0)
        {
            throw new BulkLoadException(DeviceStatus.CapacityExceeded, $"Load item {index}: the position map's probe window is full.");
        }
    }

    /// <summary>Items of a streamed load are placed in device memory and its pages not sealed yet.</summary>
    public bool LoadInProgress => _staging is not null;

    /// <summary>Forgets a streamed load before its last part: every structure back to empty, the device holding no map.</summary>
    public void AbandonLoad()
    {
        if (LoadInProgress)
        {
            Reset();
        }
    }

    /// <summary>
    /// The device-side page bodies of the load in progress, made when its first item is placed. The load then writes
    /// the staged bodies at random and, at its end, the whole host region: a background thread faults those pages in
    /// meanwhile (<see cref="MemoryPrefaulter"/>), so the loading thread seldom stops for the kernel to zero a fresh
    /// page. (The position map faults itself in from its construction on.)
    /// </summary>
    private LoadStaging Staging()
    {
        if (_staging is null)
        {
            _staging = new LoadStaging(_p.HostPages, _host.BodyBytes);
            List<MemoryPrefaulter.Range> ranges = [MemoryPrefaulter.Range.Of(_staging.Bodies)];
            if (_host.NativeRegion is { } region)
            {
                ranges.Add(MemoryPrefaulter.Range.Of(region));
            }

            _prefaulter = MemoryPrefaulter.Start(ranges, PrefaultMinimumBytes);
        }

        return _staging;
    }

    private void DropStaging()
    {
        StopPrefault();
        _staging?.Dispose();
        _staging = null;
    }

    /// <summary>Stops the load's prefault thread, if any; it must not outlive the arrays it walks.</summary>
    private void StopPrefault()
    {
        _prefaulter?.Dispose();
        _prefaulter = null;
    }

    /// <summary>Returns every structure to the empty, uninitialised state.</summary>
    private void Reset()
    {
        _map.Clear();
        _records.Reset();
        _loads.Reset();
        _pending.Reset();
        _stash.Reset();
        _host.Reset();
        DropStaging();
        _hbmItems = 0;
        _maxHbmItems = 0;
        _accessSeq = 0;
        _loadedItems = 0;
        _initialised = false;
    }
}

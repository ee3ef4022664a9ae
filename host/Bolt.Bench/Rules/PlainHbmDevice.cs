using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Sim.Engine;
using Bolt.Sim.Timing;

namespace Bolt.Bench.Rules;

/// <summary>
/// The non-oblivious baseline: the same platform with every item in HBM — a hash table from digest to record,
/// read and written in place — and no host pages, no dummy touches, no encryption. What an access costs when
/// nothing is hidden: one position-map read, one record read or write, and the command and response bytes.
/// </summary>
public sealed class PlainHbmDevice : ModeledDevice
{
    private readonly PositionMap _map;
    private readonly RecordPool _records;

    /// <summary>Creates an empty baseline for a configuration on a platform.</summary>
    public PlainHbmDevice(BoltParameters parameters, PlatformPreset platform)
        : base(parameters, platform)
    {
        _map = new PositionMap(parameters.PositionSlots, BoltParameters.ProbeWindow);
        _records = new RecordPool(parameters.Capacity, parameters.SlotBytes);
    }

    /// <inheritdoc/>
    public override DeviceRule Rule => DeviceRule.Plain;

    /// <inheritdoc/>
    public override string Name => "plain";

    /// <inheritdoc/>
    protected override void LoadItem(long index, Digest128 digest, ReadOnlySpan<byte> value)
    {
        if (_map.Find(digest.Lo, digest.Hi) >= 0 || !_records.TryAllocate(out uint record)
            || _map.Insert(digest.Lo, digest.Hi, 0, 0, 0, record) < 0)
        {
            throw new BulkLoadException(DeviceStatus.InvalidKey, $"Load item {index} repeats digest {digest} or finds no room.");
        }

        SlotLayout.Write(_records[record], digest.Lo, digest.Hi, value);
    }

    /// <inheritdoc/>
    protected override long CompleteLoad(long items)
    {
        return BulkLinkCycles(items * Parameters.CommandBytes) + AllChannelCycles(items * (BoltParameters.PositionEntryBytes + Parameters.SlotBytes));
    }

    /// <inheritdoc/>
    protected override long Access(ReadOnlySpan<byte> command, Span<byte> response, long start)
    {
        var status = Validate(command);
        var digest = CommandLayout.ReadDigest(command);
        long t = MapChannel.Read(start, BoltParameters.PositionEntryBytes);
        HbmBytes += BoltParameters.PositionEntryBytes;
        int slot = status == DeviceStatus.Ok ? _map.Find(digest.Lo, digest.Hi) : -1;
        bool hit = slot >= 0;
        var op = (OpCode)CommandLayout.ReadOp(command);
        if (status == DeviceStatus.Ok)
        {
            (status, t) = op switch
            {
                OpCode.Get when hit => Get(slot, response, t),
                OpCode.Put when hit => Update(slot, command, t),
                OpCode.Put => Insert(digest, command, t),
                OpCode.Delete when hit => Delete(slot, t),
                _ => (DeviceStatus.NotFound, t),
            };
        }

        if (op != OpCode.Get || status != DeviceStatus.Ok)
        {
            ResponseLayout.Write(response, status, hit, default);
        }

        return t;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        _map.Dispose();
        _records.Dispose();
    }

    private (DeviceStatus, long) Get(int slot, Span<byte> response, long t)
    {
        var record = _records[_map[slot].Record];
        ResponseLayout.Write(response, DeviceStatus.Ok, true, record.Slice(SlotLayout.ValueOffset, SlotLayout.ValueLength(record)));
        HbmBytes += Parameters.SlotBytes;
        return (DeviceStatus.Ok, RecordChannel.Read(t, Parameters.SlotBytes));
    }

    private (DeviceStatus, long) Update(int slot, ReadOnlySpan<byte> command, long t)
    {
        var digest = CommandLayout.ReadDigest(command);
        SlotLayout.Write(_records[_map[slot].Record], digest.Lo, digest.Hi, Value(command));
        HbmBytes += Parameters.SlotBytes;
        return (DeviceStatus.Ok, RecordChannel.Write(t, Parameters.SlotBytes));
    }

    private (DeviceStatus, long) Insert(Digest128 digest, ReadOnlySpan<byte> command, long t)
    {
        if (_map.Count >= Parameters.Capacity || !_records.TryAllocate(out uint record))
        {
            return (DeviceStatus.CapacityExceeded, t);
        }

        if (_map.Insert(digest.Lo, digest.Hi, 0, 0, 0, record) < 0)
        {
            _records.Free(record);
            return (DeviceStatus.CapacityExceeded, t);
        }

        SlotLayout.Write(_records[record], digest.Lo, digest.Hi, Value(command));
        HbmBytes += Parameters.SlotBytes + BoltParameters.PositionEntryBytes;
        MapChannel.Write(t, BoltParameters.PositionEntryBytes);
        return (DeviceStatus.Ok, RecordChannel.Write(t, Parameters.SlotBytes));
    }

    private (DeviceStatus, long) Delete(int slot, long t)
    {
        _records.Free(_map[slot].Record);
        _map.Remove(slot);
        HbmBytes += BoltParameters.PositionEntryBytes;
        return (DeviceStatus.Ok, MapChannel.Write(t, BoltParameters.PositionEntryBytes));
    }

    private static ReadOnlySpan<byte> Value(ReadOnlySpan<byte> command) =>
        command.Slice(CommandLayout.ValueOffset, (int)CommandLayout.ReadLength(command));
}

using Bolt.Workloads;
using Bolt.Core.Abi;

namespace Bolt.Security.Workloads;

/// <summary>
/// The plain dictionary every response is checked against: key → (stamp, length), the value being
/// <see cref="ReferenceValues"/> of (key, stamp).
/// </summary>
public sealed class ReferenceMap
{
    private readonly Dictionary<long, (ulong Stamp, int Length)> _values = [];

    /// <summary>Keys stored.</summary>
    public int Count => _values.Count;

    /// <summary>Records a key stored by the bulk load (stamp 0).</summary>
    public void Load(long key, int length) => _values[key] = (0, length);

    /// <summary>True when <paramref name="key"/> is stored.</summary>
    public bool Contains(long key) => _values.ContainsKey(key);

    /// <summary>What the dictionary holds under <paramref name="key"/>: (stamp, length), or null when absent.</summary>
    public (ulong Stamp, int Length)? Lookup(long key) => _values.TryGetValue(key, out var stored) ? stored : null;

    /// <summary>Every stored key with its stamp and value length (a reload of the whole map).</summary>
    public IEnumerable<(long Key, ulong Stamp, int Length)> Entries() => _values.Select(e => (e.Key, e.Value.Stamp, e.Value.Length));

    /// <summary>Makes the dictionary hold <paramref name="entry"/> under <paramref name="key"/> (null: absent).</summary>
    public void Restore(long key, (ulong Stamp, int Length)? entry)
    {
        if (entry is { } e)
        {
            _values[key] = e;
        }
        else
        {
            _values.Remove(key);
        }
    }

    /// <summary>Applies <paramref name="op"/> with no response to check (its answer was lost; a read settles what happened).</summary>
    public void Apply(WorkloadOp op, ulong stamp)
    {
        if (op.Op == OpCode.Put)
        {
            _values[op.Key] = (stamp, op.ValueLength);
        }
        else if (op.Op == OpCode.Delete)
        {
            _values.Remove(op.Key);
        }
    }

    /// <summary>
    /// True when <paramref name="response"/> is what a plain dictionary answers to <paramref name="op"/>
    /// (a put stores ReferenceValues of (key, <paramref name="stamp"/>)); the dictionary then applies the op.
    /// </summary>
    public bool CheckAndApply(WorkloadOp op, ulong stamp, ReadOnlySpan<byte> response)
    {
        var status = ResponseLayout.ReadStatus(response);
        bool present = _values.TryGetValue(op.Key, out var stored);
        switch (op.Op)
        {
            case OpCode.Get:
                return present
                    ? status == DeviceStatus.Ok && ReferenceValues.Matches(ResponseLayout.ReadValue(response), op.Key, stored.Stamp, stored.Length)
                    : status == DeviceStatus.NotFound;
            case OpCode.Put when status is DeviceStatus.CapacityExceeded or DeviceStatus.StashOverflow:
                // A refused insert is a correct answer for a new key (the map is full); nothing changed.
                return !present && !ResponseLayout.ReadWasPresent(response);
            case OpCode.Put:
                _values[op.Key] = (stamp, op.ValueLength);
                return status == DeviceStatus.Ok && ResponseLayout.ReadWasPresent(response) == present;
            default:
                _values.Remove(op.Key);
                return status == (present ? DeviceStatus.Ok : DeviceStatus.NotFound);
        }
    }
}

using Bolt.Workloads;
using Bolt.Core.Abi;

namespace Bolt.Security.Workloads;

/// <summary>
/// Produces the ops of a <see cref="WorkloadKind"/> over a map that starts with keys 0..loaded−1 stored.
/// Keys ≥ loaded are fresh (never stored) until inserted; absent-key gets draw from a range never inserted.
/// </summary>
public sealed class WorkloadGenerator
{
    private readonly WorkloadKind _kind;
    private readonly Random _random;
    private readonly KeyPool _present = new();
    private readonly KeyChooser? _chooser;
    private readonly long _absentBase;
    private readonly double _insertShare;
    private readonly int _valueSize;
    private long _nextFresh;

    /// <summary>Creates the generator; <paramref name="ops"/> sizes the insert/delete mix so the map neither fills nor empties.</summary>
    public WorkloadGenerator(WorkloadKind kind, long capacity, long loaded, long ops, int valueSize, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        _kind = kind;
        _random = random;
        _valueSize = valueSize;
        for (long k = 0; k < loaded; k++)
        {
            _present.Add(k);
        }

        _nextFresh = loaded;
        _absentBase = 4 * capacity;

        // The net drift (2s − 1)·ops stays within 40% of the capacity, so inserts never hit CapacityExceeded
        // and deletes never run out of keys; the share is 0.75 when the run is short enough.
        _insertShare = 0.5 + Math.Min(0.25, 0.4 * Math.Min(loaded, capacity - loaded) / Math.Max(1.0, ops));
        var distribution = kind switch
        {
            WorkloadKind.HotKey => KeyDistribution.Hot,
            WorkloadKind.Sequential => KeyDistribution.Sequential,
            WorkloadKind.Zipf => KeyDistribution.Zipf,
            _ => KeyDistribution.Uniform,
        };
        _chooser = kind is WorkloadKind.Uniform or WorkloadKind.HotKey or WorkloadKind.Sequential or WorkloadKind.Zipf
            ? new KeyChooser(distribution, loaded, random)
            : null;
    }

    /// <summary>The share of inserts in the insert-heavy workload (deletes in the delete-heavy one).</summary>
    public double InsertShare => _insertShare;

    /// <summary>The next op; the generator's view of which keys are stored is updated as if it succeeded.</summary>
    public WorkloadOp Next()
    {
        switch (_kind)
        {
            case WorkloadKind.Uniform or WorkloadKind.HotKey or WorkloadKind.Sequential or WorkloadKind.Zipf:
                long key = _chooser!.Next(_random);
                return _random.Next(2) == 0 ? new(OpCode.Get, key, 0) : new(OpCode.Put, key, _valueSize);
            case WorkloadKind.AllGets or WorkloadKind.PresentKeys:
                return new(OpCode.Get, _present.Draw(_random), 0);
            case WorkloadKind.AllPuts or WorkloadKind.MaxValues:
                return new(OpCode.Put, _present.Draw(_random), _valueSize);
            case WorkloadKind.ShortValues:
                return new(OpCode.Put, _present.Draw(_random), 1);
            case WorkloadKind.AbsentKeys:
                return new(OpCode.Get, _absentBase + _random.NextInt64(_absentBase), 0);
            case WorkloadKind.InsertHeavy:
                return InsertOrDelete(_insertShare);
            default:
                return InsertOrDelete(1 - _insertShare);
        }
    }

    private WorkloadOp InsertOrDelete(double insertShare)
    {
        if (_present.Count == 0 || _random.NextDouble() < insertShare)
        {
            long fresh = _nextFresh++;
            _present.Add(fresh);
            return new(OpCode.Put, fresh, _valueSize);
        }

        long key = _present.Draw(_random);
        _present.Remove(key);
        return new(OpCode.Delete, key, 0);
    }
}

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
    private readonly long _capacity;
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

        // The expected net drift (2s − 1)·ops plus three standard deviations of the random walk (≤ 3√ops) stays
        // within 80% of the room on the tighter side, so inserts rarely meet a full map and deletes rarely run
        // out of keys; the share is 0.75 when the run is short enough. Small maps leave no room for the walk's
        // spread: there the share is 0.5 and the walk is held inside [0, capacity] (see InsertOrDelete).
        double room = Math.Min(loaded, capacity - loaded);
        double spread = 3 * Math.Sqrt(ops);
        _insertShare = 0.5 + Math.Min(0.25, Math.Max(0, (0.8 * room) - spread) / Math.Max(2.0, 2.0 * ops));
        _capacity = capacity;
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
            case WorkloadKind.Mixed when _present.Count > 0 && _random.Next(3) == 0:
                return new(OpCode.Put, _present.Draw(_random), _valueSize);
            case WorkloadKind.Mixed:
                return InsertOrDelete(0.5);
            default:
                return InsertOrDelete(1 - _insertShare);
        }
    }

    private WorkloadOp InsertOrDelete(double insertShare)
    {
        bool insert = _random.NextDouble() < insertShare;
        if (_present.Count == 0 || (insert && _present.Count < _capacity))
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

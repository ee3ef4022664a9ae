using Bolt.Core;
using Bolt.Core.Abi;

namespace Bolt.Sim.Engine;

public sealed partial class BoltEngine
{
    /// <summary>
    /// The deliberate leak this engine injects (positive controls of the security suite); <see
    /// cref="LeakInjection.None"/> for every device built through the public API.
    /// </summary>
    internal LeakInjection Leak { get; init; }

    /// <summary>
    /// Applies <see cref="Leak"/> to one access after its lookup: may move the flush page, and marks touches
    /// the schedule must hide or shorten. The functional engine still opens and seals every page it would
    /// have (so the map stays correct); only what the host sees changes, which is all a leak is.
    /// </summary>
    private LeakEffect InjectLeak(ref int flushPage, uint op, int length, Digest128 digest, bool hit, uint home)
    {
        switch (Leak)
        {
            case LeakInjection.SkipDummyFetch:
                bool inPageSlots = hit && IsHostBin(home) && !IsPendingOn((int)(home - _hbmBins), digest);
                return new LeakEffect(HideFetchRead: !inPageSlots, HideFetchWrite: !inPageSlots, CyclesSaved: 0);
            case LeakInjection.HashedFlushPage:
                flushPage = (int)((digest.Lo ^ digest.Hi) % (ulong)_p.HostPages);
                return default;
            case LeakInjection.ShortDelete:
                return new LeakEffect(false, false, op == (uint)OpCode.Delete ? _p.SlotsPerBin : 0);
            case LeakInjection.MissSkipsFetchWrite:
                return new LeakEffect(false, HideFetchWrite: !hit, 0);
            case LeakInjection.ValueLengthTiming:
                return new LeakEffect(false, false, op == (uint)OpCode.Put ? Math.Clamp(_p.ValueSize - length, 0, _p.ValueSize) : 0);
            default:
                return default;
        }
    }

    private bool IsPendingOn(int page, Digest128 digest)
    {
        for (int k = 0; k < _pending.Count(page); k++)
        {
            if (SlotLayout.Holds(_records[_pending.Get(page, k)], digest.Lo, digest.Hi))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What an injected leak changes in one access's host-visible touches.</summary>
    private readonly record struct LeakEffect(bool HideFetchRead, bool HideFetchWrite, int CyclesSaved)
    {
        public AccessTouches Apply(AccessTouches touches) =>
            touches with { FetchReadHidden = HideFetchRead, FetchWriteHidden = HideFetchWrite, CyclesSaved = CyclesSaved };
    }
}

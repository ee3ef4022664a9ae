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

    /// <summary>The previous access's digest, for <see cref="LeakInjection.HotKeyStall"/>.</summary>
    private Digest128 _previousDigest;

    /// <summary>
    /// Rewrites what the host sees of one access according to <see cref="Leak"/>: reported pages, hidden rows,
    /// shortened timing. The engine itself still opens and seals the specified pages, so the map stays correct.
    /// </summary>
    private AccessTouches InjectLeak(AccessTouches touches, uint op, int length, Digest128 digest, bool hit, PositionEntry entry, int freshPage)
    {
        int homePage = hit && IsHostBin(entry.Home) ? (int)(entry.Home - _hbmBins) : -1;
        switch (Leak)
        {
            case LeakInjection.SkipDummyTouches:
                bool inSlots = homePage >= 0 && !IsPendingOn(homePage, digest);
                var hidden = HiddenTouches.None;
                if (!inSlots || touches.FirstPage != homePage)
                {
                    hidden |= HiddenTouches.FirstRead | HiddenTouches.FirstWrite;
                }

                if (!inSlots || touches.FirstPage == homePage)
                {
                    hidden |= HiddenTouches.SecondRead | HiddenTouches.SecondWrite;
                }

                return touches with { Hidden = hidden };
            case LeakInjection.RevealHomePage:
                return touches with { FirstPage = homePage >= 0 ? homePage : touches.FirstPage, SecondPage = freshPage };
            case LeakInjection.HashedDummyPages:
                int hashed = (int)((digest.Lo ^ digest.Hi) % (ulong)_p.HostPages);
                return touches with
                {
                    FirstPage = hit && IsHostBin(entry.Cand1) ? touches.FirstPage : hashed,
                    SecondPage = hit && IsHostBin(entry.Cand2) ? touches.SecondPage : (hashed + 1) % _p.HostPages,
                };
            case LeakInjection.ShortDelete:
                return touches with { CyclesSaved = op == (uint)OpCode.Delete ? _p.SlotsPerBin : 0 };
            case LeakInjection.MissSkipsSecondWrite:
                return touches with { Hidden = hit ? HiddenTouches.None : HiddenTouches.SecondWrite };
            case LeakInjection.HotKeyStall:
                bool same = digest.Lo == _previousDigest.Lo && digest.Hi == _previousDigest.Hi;
                _previousDigest = digest;
                return touches with { StallsOnPrevious = same };
            case LeakInjection.ValueLengthTiming:
                return touches with { CyclesSaved = op == (uint)OpCode.Put ? Math.Clamp(_p.ValueSize - length, 0, _p.ValueSize) : 0 };
            default:
                return touches;
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
}

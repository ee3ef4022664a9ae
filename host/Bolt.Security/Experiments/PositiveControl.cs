using Bolt.Sim.Engine;

namespace Bolt.Security.Experiments;

/// <summary>A device that leaks on purpose, and the pair of workloads its leak should show up in.</summary>
internal sealed record PositiveControl(string Name, LeakInjection Leak, DistinguishingPair Pair)
{
    /// <summary>Every control; the suite fails unless each is detected.</summary>
    public static IReadOnlyList<PositiveControl> All { get; } =
    [
        new("BOLT's original rule: no dummy touches", LeakInjection.SkipDummyTouches, DistinguishingPair.All[0]),
        new("touch the home page (less loaded candidate) + a random page", LeakInjection.RevealHomePage, DistinguishingPair.All[0]),
        new("dummy pages from a hash of the key", LeakInjection.HashedDummyPages, DistinguishingPair.All[0]),
        new("deletes skip part of the modify step", LeakInjection.ShortDelete, DistinguishingPair.All[4]),
        new("a miss skips the second write", LeakInjection.MissSkipsSecondWrite, DistinguishingPair.All[3]),
        new("modify time follows the value length", LeakInjection.ValueLengthTiming, DistinguishingPair.All[6]),
        new("the pipeline stalls an access to the previous access's key", LeakInjection.HotKeyStall, DistinguishingPair.All[0]),
    ];
}

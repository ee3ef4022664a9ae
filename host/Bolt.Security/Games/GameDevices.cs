using Bolt.Core;
using Bolt.Core.Crypto;
using Bolt.Sim.Engine;

namespace Bolt.Security.Games;

/// <summary>
/// The devices the active games play against: the specified device and the old rules each game's positive
/// control keeps. One place, so each game says only "real" or "control".
/// <para>
/// The old rules are looked up by name while the device's hardening lands in steps: until the simulator has
/// <c>LeakInjection.NoFailStop</c>, a 64-bit range and a <c>Lifetime</c> option, the specified device still has
/// the old behaviour, which is then both the real device and the control (and the real device fails).
/// </para>
/// </summary>
internal static class GameDevices
{
    /// <summary>The abort rule before fail-stop: the device keeps serving after an integrity failure.</summary>
    public static LeakInjection OldAbortRule { get; } = Enum.TryParse<LeakInjection>("NoFailStop", out var rule) ? rule : LeakInjection.None;

    /// <summary>The dummy draw of the first version: a 32-bit multiply-shift range over H pages.</summary>
    public static LeakInjection OldDummyDraw { get; } = Enum.TryParse<LeakInjection>("BiasedDummies", out var rule) ? rule : LeakInjection.None;

    /// <summary>Word widths of (dummy page, candidate bin) draws of the specified device (SPEC §3).</summary>
    public static (int Dummy, int Candidate) Draws => HasWideRange ? (64, 64) : (32, 32);

    /// <summary>Word widths of the old dummy draw that <see cref="OldDummyDraw"/> keeps, next to the specified bin draw.</summary>
    public static (int Dummy, int Candidate) BiasedDraws => (32, Draws.Candidate);

    private static bool HasWideRange => typeof(AesCtrPrng).GetMethod("Range64") is not null;

    /// <summary>Lifetimes of the specified device: each start draws its own lifetime.</summary>
    public static DeviceLifetimes Fresh(BoltParameters parameters, byte[] rootKey, LeakInjection leak = LeakInjection.None) => new(parameters, rootKey, leak, null);

    /// <summary>Lifetimes that all repeat one lifetime value: the restart game's positive control.</summary>
    public static DeviceLifetimes Repeated(BoltParameters parameters, byte[] rootKey, byte[] lifetime) => new(parameters, rootKey, LeakInjection.None, lifetime);
}

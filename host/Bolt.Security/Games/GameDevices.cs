using Bolt.Core;
using Bolt.Core.Crypto;
using Bolt.Sim.Engine;

namespace Bolt.Security.Games;

/// <summary>
/// The devices the active games play against: the specified device and the old rules each game's positive
/// control keeps. One place, so each game says only "real" or "control".
/// </summary>
internal static class GameDevices
{
    /// <summary>The abort rule before fail-stop: the device keeps serving after an integrity failure.</summary>
    public static LeakInjection OldAbortRule => LeakInjection.NoFailStop;

    /// <summary>The dummy draw of the first version: a 32-bit multiply-shift range over H pages.</summary>
    public static LeakInjection OldDummyDraw => LeakInjection.BiasedDummies;

    /// <summary>Word widths of (dummy page, candidate bin) draws of the specified device: <see cref="AesCtrPrng.Range64"/> for both (SPEC §3).</summary>
    public static (int Dummy, int Candidate) Draws => (64, 64);

    /// <summary>Word widths of the old dummy draw that <see cref="OldDummyDraw"/> keeps (<see cref="AesCtrPrng.Range"/>), next to the specified bin draw.</summary>
    public static (int Dummy, int Candidate) BiasedDraws => (32, 64);

    /// <summary>Lifetimes of the specified device: each start draws its own lifetime.</summary>
    public static DeviceLifetimes Fresh(BoltParameters parameters, byte[] rootKey, LeakInjection leak = LeakInjection.None) => new(parameters, rootKey, leak, null);

    /// <summary>Lifetimes that all repeat one lifetime value: the restart game's positive control.</summary>
    public static DeviceLifetimes Repeated(BoltParameters parameters, byte[] rootKey, byte[] lifetime) => new(parameters, rootKey, LeakInjection.None, lifetime);
}

using Bolt.Core;
using Bolt.Sim.Engine;

namespace Bolt.Security.Games;

/// <summary>
/// The devices the active games play against: the specified device and the old rules each game's positive
/// control keeps. One place, so each game says only "real" or "control".
/// </summary>
internal static class GameDevices
{
    /// <summary>The abort rule before fail-stop: the device keeps serving after an integrity failure.</summary>
    public static LeakInjection OldAbortRule => LeakInjection.None;

    /// <summary>Word widths of (dummy page, candidate bin) draws of the specified device.</summary>
    public static (int Dummy, int Candidate) Draws => (32, 32);

    /// <summary>Word widths of the old dummy draw the <c>BiasedDummies</c> control keeps.</summary>
    public static (int Dummy, int Candidate) BiasedDraws => (32, 32);

    /// <summary>Lifetimes of the specified device: each start draws its own lifetime.</summary>
    public static DeviceLifetimes Fresh(BoltParameters parameters, byte[] rootKey, LeakInjection leak = LeakInjection.None) => new(parameters, rootKey, leak);

    /// <summary>Lifetimes that all repeat one lifetime value: the restart game's positive control.</summary>
    public static DeviceLifetimes Repeated(BoltParameters parameters, byte[] rootKey) => new(parameters, rootKey, LeakInjection.None);
}

using Bolt.Core;
using Bolt.Sim;
using Bolt.Sim.Engine;

namespace Bolt.Security.Games;

/// <summary>
/// Starts device lifetimes the way a host restarts a device: one root key every time (the device's
/// identity, which clients are provisioned against), the same deliberate leak, and whatever the device draws
/// for itself at start — or, for the restart game's positive control, one explicit lifetime value every time.
/// </summary>
internal sealed class DeviceLifetimes(BoltParameters parameters, byte[] rootKey, LeakInjection leak, byte[]? repeatedLifetime)
{
    /// <summary>The map's parameters.</summary>
    public BoltParameters Parameters => parameters;

    /// <summary>Lifetimes started so far.</summary>
    public int Starts { get; private set; }

    /// <summary>A new, uninitialised device: a fresh lifetime of the same root key (or the repeated one).</summary>
    public SimulatedDevice Start()
    {
        Starts++;
        var options = new SimulatedDeviceOptions { Parameters = parameters, Seed = rootKey, Leak = leak };
        if (repeatedLifetime is not null)
        {
            // The option exists once the device draws a lifetime per start; before, every start repeats anyway.
            typeof(SimulatedDeviceOptions).GetProperty("Lifetime")?.SetValue(options, repeatedLifetime);
        }

        return new SimulatedDevice(options);
    }
}

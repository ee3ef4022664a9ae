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

    /// <summary>
    /// A new, uninitialised device: a fresh lifetime of the same root key (or the repeated one). Each start's lifetime
    /// nonce is SHA-256(root key ‖ start index), distinct for every start as a device's own draws are, and reproducible,
    /// so a game's outcome depends on its seed alone (CI runs stay deterministic).
    /// </summary>
    public SimulatedDevice Start()
    {
        Starts++;
        return new SimulatedDevice(new SimulatedDeviceOptions { Parameters = parameters, Seed = rootKey, Leak = leak, Lifetime = repeatedLifetime ?? Derived(Starts) });
    }

    private byte[] Derived(int start)
    {
        var input = new byte[rootKey.Length + sizeof(int)];
        rootKey.CopyTo(input, 0);
        BitConverter.TryWriteBytes(input.AsSpan(rootKey.Length), start);
        return System.Security.Cryptography.SHA256.HashData(input)[..16];
    }
}

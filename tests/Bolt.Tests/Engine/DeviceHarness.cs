using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Trace;
using Bolt.Sim;
using Bolt.Sim.Timing;
using Bolt.Sim.Timing.Platforms;

namespace Bolt.Tests.Engine;

/// <summary>
/// Drives a simulated device with integer keys (digest = a fixed mix of the key, never zero) and plain
/// command records, so tests reach every status the device can answer.
/// </summary>
internal sealed class DeviceHarness : IDisposable
{
    public DeviceHarness(BoltParameters parameters, long seed = 1, ITraceSink? trace = null, byte[]? lifetime = null, PlatformPreset? platform = null, bool prefetch = true)
    {
        Parameters = parameters;
        Device = new SimulatedDevice(new SimulatedDeviceOptions
        {
            Parameters = parameters,
            Seed = SimulatedDeviceOptions.InsecureFixedKey(seed),
            Lifetime = lifetime,
            Platform = platform ?? AlveoU55C.Preset,
            Prefetch = prefetch,
        })
        { Trace = trace };
    }

    public BoltParameters Parameters { get; }

    public SimulatedDevice Device { get; }

    public static Digest128 DigestOf(long key)
    {
        ulong z = (ulong)key + 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        ulong hi = z ^ (z >> 31);
        return new Digest128(hi * 0xD6E8FEB86659FD93 | 1, hi);
    }

    public void Load(IReadOnlyList<(long Key, byte[] Value)> items)
    {
        int stride = Parameters.CommandBytes;
        var records = new byte[items.Count * stride];
        for (int i = 0; i < items.Count; i++)
        {
            CommandLayout.Write(records.AsSpan(i * stride, stride), OpCode.Put, DigestOf(items[i].Key), items[i].Value);
        }

        Device.Initialise(records);
    }

    public Reply Get(long key) => Run(OpCode.Get, key, default);

    public Reply Put(long key, ReadOnlySpan<byte> value) => Run(OpCode.Put, key, value);

    public Reply Delete(long key) => Run(OpCode.Delete, key, default);

    public Reply Run(OpCode op, long key, ReadOnlySpan<byte> value)
    {
        var command = new byte[Parameters.CommandBytes];
        CommandLayout.Write(command, op, DigestOf(key), value);
        return RunRecord(command);
    }

    public Reply RunRecord(byte[] command)
    {
        var response = new byte[Parameters.ResponseBytes];
        Device.Execute(command, response);
        return new Reply(ResponseLayout.ReadStatus(response), ResponseLayout.ReadWasPresent(response), ResponseLayout.ReadValue(response).ToArray());
    }

    /// <summary>Gets of <paramref name="keys"/> as one command batch (one frame).</summary>
    public void RunBatch(IReadOnlyList<long> keys)
    {
        int cb = Parameters.CommandBytes;
        var commands = new byte[keys.Count * cb];
        for (int i = 0; i < keys.Count; i++)
        {
            CommandLayout.Write(commands.AsSpan(i * cb, cb), OpCode.Get, DigestOf(keys[i]), default);
        }

        Device.Execute(commands, new byte[keys.Count * Parameters.ResponseBytes]);
    }

    public void Dispose() => Device.Dispose();

    public readonly record struct Reply(DeviceStatus Status, bool WasPresent, byte[] Value);
}

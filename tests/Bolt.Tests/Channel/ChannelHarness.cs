using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Core.Device;
using Bolt.Sim;

namespace Bolt.Tests.Channel;

/// <summary>
/// A small simulated device loaded with known items, an honest client session on it, and helpers that build
/// command frames and read the map back, so channel tests can play the untrusted host between the two. Another
/// device (the kernel on OpenCL) can stand in for the simulator.
/// </summary>
internal sealed class ChannelHarness : IDisposable
{
    public const int Items = 100;

    public ChannelHarness(long seed = 7, Func<BoltParameters, byte[], IBoltDevice>? create = null)
    {
        Parameters = new BoltParameters(capacity: 1024, valueSize: 16);
        DeviceKey = SimulatedDeviceOptions.InsecureFixedKey(seed);
        Device = create is null
            ? new SimulatedDevice(new SimulatedDeviceOptions { Parameters = Parameters, Seed = DeviceKey })
            : create(Parameters, DeviceKey);
        ProvisioningKey = ChannelKdf.ProvisioningKey(DeviceKey);
        Session = ChannelSession.Open(Device, ProvisioningKey);
        var load = new byte[Items * Parameters.CommandBytes];
        for (int k = 0; k < Items; k++)
        {
            Reference[k] = ValueOf(k, 0);
            CommandLayout.Write(load.AsSpan(k * Parameters.CommandBytes, Parameters.CommandBytes), OpCode.Put, DigestOf(k), Reference[k]);
        }

        Session.Load(load);
    }

    public BoltParameters Parameters { get; }

    public byte[] DeviceKey { get; }

    public byte[] ProvisioningKey { get; }

    public IBoltDevice Device { get; }

    /// <summary>Frames the device has rejected so far, as the device itself counts them.</summary>
    public long Rejected => Device switch
    {
        SimulatedDevice sim => sim.Channel.Rejected,
        Bolt.OpenCl.OpenClDevice cl => cl.Rejected,
        _ => throw new NotSupportedException($"{Device.Name} does not count rejected frames."),
    };

    /// <summary>Command frames the device answered from its response cache (retransmissions).</summary>
    public long Retransmitted => Device switch
    {
        SimulatedDevice sim => sim.Channel.Retransmitted,
        Bolt.OpenCl.OpenClDevice cl => cl.Retransmitted,
        _ => throw new NotSupportedException($"{Device.Name} does not count retransmissions."),
    };

    /// <summary>Accesses the engine has made so far (its access sequence number).</summary>
    public long Accesses => Device switch
    {
        SimulatedDevice sim => sim.Engine.AccessSequence,
        Bolt.OpenCl.OpenClDevice cl => (long)cl.State[Bolt.OpenCl.KernelAbi.StAccessSeq],
        _ => throw new NotSupportedException($"{Device.Name} does not count accesses."),
    };

    public ChannelSession Session { get; private set; }

    /// <summary>What the map must hold.</summary>
    public Dictionary<long, byte[]> Reference { get; } = [];

    public static Digest128 DigestOf(long key) => new((ulong)key * 0x9E3779B97F4A7C15 | 1, (ulong)key);

    public static byte[] ValueOf(long key, int version) => [(byte)key, (byte)(key >> 8), (byte)version];

    /// <summary>Command records: a put of (key, ValueOf(key, version)) for each key.</summary>
    public byte[] Puts(int version, params long[] keys)
    {
        var records = new byte[keys.Length * Parameters.CommandBytes];
        for (int i = 0; i < keys.Length; i++)
        {
            CommandLayout.Write(records.AsSpan(i * Parameters.CommandBytes, Parameters.CommandBytes), OpCode.Put, DigestOf(keys[i]), ValueOf(keys[i], version));
        }

        return records;
    }

    /// <summary>Seals command records into a frame with the session's next sequence number.</summary>
    public byte[] Seal(byte[] records, ChannelSession? session = null)
    {
        var frame = new byte[FrameLayout.Bytes(records.Length / Parameters.CommandBytes, Parameters.CommandBytes)];
        (session ?? Session).SealCommands(records, frame);
        return frame;
    }

    /// <summary>Delivers a frame as the host would; returns the response frame.</summary>
    public byte[] Deliver(byte[] frame)
    {
        int count = (frame.Length - FrameLayout.OverheadBytes) / Parameters.CommandBytes;
        var response = new byte[FrameLayout.Bytes(Math.Max(count, 1), Parameters.ResponseBytes)];
        int length = Device.ExecuteSealed(frame, response);
        return response[..length];
    }

    /// <summary>Records that the puts of a delivered frame took effect.</summary>
    public void Applied(int version, params long[] keys)
    {
        foreach (long key in keys)
        {
            Reference[key] = ValueOf(key, version);
        }
    }

    /// <summary>Reads every key of the reference (and a few absent ones) back through a fresh honest session and compares.</summary>
    public void AssertMapMatchesReference()
    {
        Session = ChannelSession.Open(Device, ProvisioningKey);
        var keys = Reference.Keys.Concat([5000L, 5001L]).ToArray();
        var commands = new byte[keys.Length * Parameters.CommandBytes];
        for (int i = 0; i < keys.Length; i++)
        {
            CommandLayout.Write(commands.AsSpan(i * Parameters.CommandBytes, Parameters.CommandBytes), OpCode.Get, DigestOf(keys[i]), default);
        }

        var responses = new byte[keys.Length * Parameters.ResponseBytes];
        Session.Execute(commands, responses);
        for (int i = 0; i < keys.Length; i++)
        {
            var record = responses.AsSpan(i * Parameters.ResponseBytes, Parameters.ResponseBytes);
            if (Reference.TryGetValue(keys[i], out var expected))
            {
                Xunit.Assert.Equal(DeviceStatus.Ok, ResponseLayout.ReadStatus(record));
                Xunit.Assert.Equal(expected, ResponseLayout.ReadValue(record).ToArray());
            }
            else
            {
                Xunit.Assert.Equal(DeviceStatus.NotFound, ResponseLayout.ReadStatus(record));
            }
        }
    }

    public void Dispose() => Device.Dispose();
}

using BenchmarkDotNet.Attributes;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Sim;

namespace Bolt.Benchmarks;

/// <summary>
/// The sealed channel's cost per frame, without the map behind it: the client seals a command frame, the
/// device endpoint authenticates and decrypts it, seals the response frame, and the client opens it. A frame
/// of 1 record is the single-op cost; a frame of 64 shows what batching amortises. Records are the default
/// map's (48-byte commands, 32-byte responses).
/// </summary>
[MemoryDiagnoser]
public class ChannelBenchmarks : IDisposable
{
    private static readonly RecordBatchHandler Echo = static (_, responses) => responses[0] = 0;
    private SimulatedDevice _device = null!;
    private ChannelSession _session = null!;
    private ChannelEndpoint _endpoint = null!;
    private byte[] _commands = [];
    private byte[] _responses = [];
    private byte[] _commandFrame = [];
    private byte[] _responseFrame = [];

    [Params(1, 64)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var parameters = new BoltParameters(capacity: 1024);
        var deviceKey = SimulatedDeviceOptions.InsecureFixedKey(1);
        _device = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = parameters, Seed = deviceKey });
        _session = ChannelSession.Open(_device, ChannelKdf.ProvisioningKey(deviceKey));
        _endpoint = _device.Channel;
        _commands = new byte[Records * parameters.CommandBytes];
        for (int i = 0; i < Records; i++)
        {
            CommandLayout.Write(_commands.AsSpan(i * parameters.CommandBytes, parameters.CommandBytes), OpCode.Put, new Digest128((ulong)i + 1, 7), [1, 2, 3, 4, 5, 6, 7, 8]);
        }

        _responses = new byte[Records * parameters.ResponseBytes];
        _commandFrame = new byte[FrameLayout.Bytes(Records, parameters.CommandBytes)];
        _responseFrame = new byte[FrameLayout.Bytes(Records, parameters.ResponseBytes)];
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _device?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Seal + unseal in both directions: one command frame and its response frame.</summary>
    [Benchmark]
    public void RoundTrip()
    {
        _session.SealCommands(_commands, _commandFrame);
        _endpoint.ExecuteSealed(_commandFrame, _responseFrame, Echo);
        _session.OpenResponses(_responseFrame, _responses);
    }
}

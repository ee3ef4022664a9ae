using BenchmarkDotNet.Attributes;
using Bolt.Client;
using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Sim;

namespace Bolt.Benchmarks;

/// <summary>
/// What the map's device worker buys many small callers: 256 single-key gets per invocation, issued by 1 caller
/// awaiting each in turn (one frame per get) or by 16 or 64 concurrent callers, whose queued gets the worker packs
/// into shared frames. The simulator is the device, so the figure is the client + channel + simulator cost per get.
/// </summary>
[MemoryDiagnoser]
public class MapCoalescingBenchmarks : IDisposable
{
    private const int Gets = 256;
    private ObliviousMap _map = null!;

    [Params(1, 16, 64)]
    public int Callers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var deviceKey = SimulatedDeviceOptions.InsecureFixedKey(1);
        var device = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = new BoltParameters(capacity: 4096), Seed = deviceKey });
        var items = Enumerable.Range(0, 2048).ToDictionary(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), i => BitConverter.GetBytes((long)i));
        _map = ObliviousMap.Create(device, ChannelKdf.ProvisioningKey(deviceKey), new byte[16], items);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _map?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>256 gets by <see cref="Callers"/> concurrent callers, each awaiting its own gets one after another.</summary>
    [Benchmark(OperationsPerInvoke = Gets)]
    public Task ConcurrentGets() => Task.WhenAll(Enumerable.Range(0, Callers).Select(async caller =>
    {
        for (int i = caller; i < Gets; i += Callers)
        {
            await _map.GetAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }));
}

using BenchmarkDotNet.Attributes;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Sim;

namespace Bolt.Benchmarks;

/// <summary>
/// The simulator's per-op cost: one batch of 64 accesses on a loaded map (N = 2^16, 2^20 and 2^22), with the
/// engine's prefetching on and off (the ratio is what it buys as the map outgrows the caches). Each invocation
/// is 64 ops, so BenchmarkDotNet's per-op time reads as wall time per simulated access.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks : IDisposable
{
    private const int Batch = 64;
    private SimulatedDevice _device = null!;
    private byte[] _gets = null!;
    private byte[] _puts = null!;
    private byte[] _responses = null!;

    [Params(1 << 16, 1 << 20, 1 << 22)]
    public int Capacity { get; set; }

    [Params(true, false)]
    public bool Prefetch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var p = new BoltParameters(capacity: Capacity);
        _device = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = p, Prefetch = Prefetch });
        var load = new byte[(1 << 16) * p.CommandBytes];
        for (int first = 0; first < Capacity; first += 1 << 16)
        {
            for (int k = 0; k < 1 << 16; k++)
            {
                CommandLayout.Write(load.AsSpan(k * p.CommandBytes, p.CommandBytes), OpCode.Put, Digest(first + k), BitConverter.GetBytes((long)(first + k)));
            }

            if (first + (1 << 16) < Capacity)
            {
                _device.InitialisePart(load);
            }
            else
            {
                _device.Initialise(load);
            }
        }
        var random = new Random(1);
        _gets = new byte[Batch * p.CommandBytes];
        _puts = new byte[Batch * p.CommandBytes];
        for (int i = 0; i < Batch; i++)
        {
            int key = random.Next(Capacity);
            CommandLayout.Write(_gets.AsSpan(i * p.CommandBytes, p.CommandBytes), OpCode.Get, Digest(key), default);
            CommandLayout.Write(_puts.AsSpan(i * p.CommandBytes, p.CommandBytes), OpCode.Put, Digest(key), BitConverter.GetBytes(-key));
        }

        _responses = new byte[Batch * p.ResponseBytes];
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Get() => _device.Execute(_gets, _responses);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Put() => _device.Execute(_puts, _responses);

    [GlobalCleanup]
    public void Dispose()
    {
        _device?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static Digest128 Digest(long key) => new((ulong)key * 0x9E3779B97F4A7C15 | 1, (ulong)key + 1);
}

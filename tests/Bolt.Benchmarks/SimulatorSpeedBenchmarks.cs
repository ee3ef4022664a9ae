using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Sim;

namespace Bolt.Benchmarks;

/// <summary>
/// The simulator's speed before and after a change as one BenchmarkDotNet run: this benchmark is built twice, against
/// this tree's Bolt.Core and Bolt.Sim (job "new") and against an earlier build of them (job "base", the ratio's 1.00,
/// from the folder in BOLT_BASELINE_BIN: the bin folder of that commit's Bolt.Benchmarks), and both jobs run in the same
/// session. `scripts/sim-speed.sh --bdn BASE` builds the baseline and runs it. Each invocation serves one batch of 64
/// uniformly random gets and puts (1,024 distinct batches in turn) on a loaded map, so the time per op reads as wall
/// time per simulated access.
/// </summary>
[Config(typeof(BaselineBuildConfig))]
[MemoryDiagnoser]
public class SimulatorSpeedBenchmarks : IDisposable
{
    private const int Batch = 64;
    private const int DistinctBatches = 1024;
    private SimulatedDevice _device = null!;
    private byte[] _commands = [];
    private byte[] _responses = [];
    private int _next;
    private int _commandBytes;

    [Params(1 << 16, 1 << 20)]
    public int Capacity { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var p = new BoltParameters(capacity: Capacity);
        _device = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = p, Seed = SimulatedDeviceOptions.InsecureFixedKey(1) });
        const int Part = 1 << 16;
        var load = new byte[Part * p.CommandBytes];
        for (long first = 0; first < Capacity; first += Part)
        {
            for (int k = 0; k < Part; k++)
            {
                CommandLayout.Write(load.AsSpan(k * p.CommandBytes, p.CommandBytes), OpCode.Put, Digest(first + k), BitConverter.GetBytes(first + k));
            }

            if (first + Part < Capacity)
            {
                _device.InitialisePart(load);
            }
            else
            {
                _device.Initialise(load);
            }
        }

        var random = new Random(1);
        _commandBytes = p.CommandBytes;
        _commands = new byte[DistinctBatches * Batch * p.CommandBytes];
        for (int i = 0; i < DistinctBatches * Batch; i++)
        {
            long key = random.NextInt64(Capacity);
            var op = random.Next(2) == 0 ? OpCode.Get : OpCode.Put;
            CommandLayout.Write(_commands.AsSpan(i * p.CommandBytes, p.CommandBytes), op, Digest(key), op == OpCode.Put ? BitConverter.GetBytes(-key) : default);
        }

        _responses = new byte[Batch * p.ResponseBytes];
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void ServeBatch()
    {
        _device.Execute(_commands.AsSpan(_next * Batch * _commandBytes, Batch * _commandBytes), _responses);
        _next = (_next + 1) % DistinctBatches;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _device?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static Digest128 Digest(long key) => new(((ulong)key * 0x9E3779B97F4A7C15) | 1, (ulong)key + 1);

    /// <summary>Job "new" (this tree), and job "base" built against BOLT_BASELINE_BIN when it is set.</summary>
    private sealed class BaselineBuildConfig : ManualConfig
    {
        public BaselineBuildConfig()
        {
            // Fifteen measured iterations of a few hundred batches each: enough for a ratio, minutes rather than an hour.
            var job = Job.Default.WithWarmupCount(3).WithIterationCount(15);
            AddJob(job.WithId("new"));
            if (Environment.GetEnvironmentVariable("BOLT_BASELINE_BIN") is { Length: > 0 } baseline)
            {
                AddJob(job.WithArguments([new MsBuildArgument($"/p:BoltBaseline={baseline}")]).WithId("base").AsBaseline());
            }
        }
    }
}

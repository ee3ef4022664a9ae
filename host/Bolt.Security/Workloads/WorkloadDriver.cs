using Bolt.Client;
using Bolt.Workloads;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Trace;
using Bolt.Sim;
using Bolt.Sim.Engine;
using Bolt.Sim.Timing;
using Bolt.Sim.Timing.Platforms;

namespace Bolt.Security.Workloads;

/// <summary>
/// Runs a synthetic workload on a <see cref="SimulatedDevice"/> with a trace buffer, encoding command
/// records directly (as <see cref="YcsbRunner"/> does) so the suite controls ops, keys, presence and value
/// lengths, and checks every response against a reference model of the map.
/// </summary>
public static class WorkloadDriver
{
    /// <summary>Requests per command batch: YCSB's default, the same for every workload so batching leaks nothing.</summary>
    public const int Batch = 64;

    /// <summary>Loads <paramref name="loaded"/> keys, runs <paramref name="ops"/> ops of <paramref name="kind"/>, and returns the trace.</summary>
    /// <param name="kind">The workload.</param>
    /// <param name="parameters">The map.</param>
    /// <param name="loaded">Keys stored before the run (0..loaded−1).</param>
    /// <param name="ops">Ops in the run.</param>
    /// <param name="deviceSeed">The device seed (PRNG and page keys).</param>
    /// <param name="workloadSeed">The seed of the key and op choices and of the client's PRF key.</param>
    /// <param name="leak">A positive control's deliberate leak, or <see cref="LeakInjection.None"/>.</param>
    /// <param name="pipelineDepth">Accesses the modeled kernel keeps in flight (0: the sequential schedule).</param>
    internal static WorkloadRun Run(WorkloadKind kind, BoltParameters parameters, long loaded, long ops, long deviceSeed, long workloadSeed, LeakInjection leak = LeakInjection.None, int pipelineDepth = PlatformPreset.DefaultPipelineDepth)
    {
        var trace = new TraceBuffer();
        // Key and lifetime both spelled from the device seed: each side of a pair has its own seed (so its own
        // independent draws), and a suite run is reproducible from --seed alone.
        var keys = Bolt.OpenCl.Cosim.CosimKeys.FromSeed(deviceSeed);
        using var device = new SimulatedDevice(new SimulatedDeviceOptions
        {
            Parameters = parameters,
            Seed = keys.Seed,
            Lifetime = keys.Lifetime,
            Leak = leak,
            Platform = AlveoU55C.Preset with { PipelineDepth = pipelineDepth },
        });
        var prf = new KeyPrf(YcsbRunner.PrfKey(workloadSeed));
        int v = parameters.ValueSize;
        int cb = parameters.CommandBytes;
        int rb = parameters.ResponseBytes;

        var reference = new ReferenceMap();
        var load = new byte[loaded * cb];
        var value = new byte[v];
        for (long k = 0; k < loaded; k++)
        {
            ReferenceValues.Fill(value, k, 0);
            CommandLayout.Write(load.AsSpan((int)(k * cb), cb), OpCode.Put, prf.Digest(k), value);
            reference.Load(k, v);
        }

        device.Initialise(load);
        device.Trace = trace;

        var generator = new WorkloadGenerator(kind, parameters.Capacity, loaded, ops, v, new Random(unchecked((int)workloadSeed)));
        var asked = new List<WorkloadOp>((int)ops);
        var commands = new byte[Batch * cb];
        var responses = new byte[Batch * rb];
        long mismatches = 0;
        for (long done = 0; done < ops; done += Batch)
        {
            int count = (int)Math.Min(Batch, ops - done);
            for (int i = 0; i < count; i++)
            {
                var op = generator.Next();
                asked.Add(op);
                ReferenceValues.Fill(value.AsSpan(0, op.ValueLength), op.Key, (ulong)(done + i + 1));
                CommandLayout.Write(commands.AsSpan(i * cb, cb), op.Op, prf.Digest(op.Key), op.Op == OpCode.Put ? value.AsSpan(0, op.ValueLength) : default);
            }

            device.Execute(commands.AsSpan(0, count * cb), responses.AsSpan(0, count * rb));
            for (int i = 0; i < count; i++)
            {
                mismatches += reference.CheckAndApply(asked[(int)done + i], (ulong)(done + i + 1), responses.AsSpan(i * rb, rb)) ? 0 : 1;
            }
        }

        var rows = trace.Rows.Where(r => r.Op >= 0).ToList();
        return new WorkloadRun(kind, rows, asked, parameters.PageBytes, parameters.HostPages, mismatches);
    }
}

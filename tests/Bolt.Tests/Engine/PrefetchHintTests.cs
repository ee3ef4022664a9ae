using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Crypto;
using Bolt.Core.Trace;
using Bolt.Sim;
using Xunit;

namespace Bolt.Tests.Engine;

/// <summary>
/// The engine's prefetch hints (the next accesses' map slots, pages, versions and pending lists, and each access's
/// pending records) must change only the wall time: a device with them and one without answer every record alike,
/// leave the same host region, and write the same trace and modeled figures.
/// </summary>
public class PrefetchHintTests
{
    [Fact]
    public void Prefetch_hints_change_no_response_page_trace_or_modeled_figure()
    {
        // Small enough that many items sit in HBM (dummy pages stand in for their candidates) and pages carry pending
        // records; gets, puts and deletes over present and absent keys, in batches long enough to look two ahead.
        var p = new BoltParameters(capacity: 4096, valueSize: 8);
        using var hinted = new Run(p, prefetch: true);
        using var plain = new Run(p, prefetch: false);
        var random = new Random(7);
        var load = Enumerable.Range(0, 3000).Select(k => ((long)k, BitConverter.GetBytes((long)k))).ToList();
        hinted.Harness.Load(load);
        plain.Harness.Load(load);

        var commands = new byte[32 * p.CommandBytes];
        for (int batch = 0; batch < 150; batch++)
        {
            for (int i = 0; i < 32; i++)
            {
                long key = random.NextInt64(5000);
                var op = (OpCode)random.Next((int)OpCode.Get, (int)OpCode.Delete + 1);
                CommandLayout.Write(commands.AsSpan(i * p.CommandBytes, p.CommandBytes), op, DeviceHarness.DigestOf(key), op == OpCode.Put ? BitConverter.GetBytes(-key) : default);
            }

            Assert.Equal(plain.Execute(commands), hinted.Execute(commands));
        }

        Assert.True(plain.Harness.Device.HostMemory.SequenceEqual(hinted.Harness.Device.HostMemory), "the host regions differ");
        Assert.Equal(plain.Trace.Rows, hinted.Trace.Rows);
        Assert.Equal(plain.Harness.Device.Statistics, hinted.Harness.Device.Statistics);
        Assert.Equal(plain.Harness.Device.Engine.Counters, hinted.Harness.Device.Engine.Counters);
        Assert.True(hinted.Harness.Device.Engine.Counters.MaxEvictionBuffer > 0, "no page carried pending records");
        Assert.True(hinted.Harness.Device.Engine.Counters.MaxHbmItems > 0, "no item sat in HBM");
    }

    private sealed class Run : IDisposable
    {
        // One lifetime for both devices: a fresh one would seal their pages under different keys.
        private static readonly byte[] Lifetime = Enumerable.Range(1, DeviceLifetime.Bytes).Select(i => (byte)i).ToArray();

        public Run(BoltParameters p, bool prefetch)
        {
            Harness = new DeviceHarness(p, trace: Trace, lifetime: Lifetime, prefetch: prefetch);
        }

        public TraceBuffer Trace { get; } = new();

        public DeviceHarness Harness { get; }

        public byte[] Execute(byte[] commands)
        {
            var responses = new byte[commands.Length / Harness.Parameters.CommandBytes * Harness.Parameters.ResponseBytes];
            Harness.Device.Execute(commands, responses);
            return responses;
        }

        public void Dispose() => Harness.Dispose();
    }
}

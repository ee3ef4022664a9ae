using Bolt.Core;
using Bolt.Core.Trace;
using Bolt.Sim.Timing;
using Bolt.Sim.Timing.Platforms;
using Bolt.Tests.Engine;
using Xunit;

namespace Bolt.Tests.Timing;

/// <summary>The constant-time schedules of SPEC §9 (sequential, and pipelined at the default depth): exact cycles, identical for every access.</summary>
public sealed class ScheduleTests
{
    private static readonly BoltParameters P = new(capacity: 1 << 12, valueSize: 8);

    private static PlatformPreset Schedule(int depth) => AlveoU55C.Preset with { PipelineDepth = depth };

    [Theory]
    [InlineData(0, new[] { "CMD", "R", "R", "W", "W", "RSP" })]
    // Pipelined, the response frame leaves after the modify step, ahead of the write-backs whose seals come out later.
    [InlineData(PlatformPreset.DefaultPipelineDepth, new[] { "CMD", "R", "R", "RSP", "W", "W" })]
    public void Each_access_issues_R_R_W_W_at_the_same_offsets_whatever_the_op(int depth, string[] rowKinds)
    {
        var trace = new TraceBuffer();
        using var h = new DeviceHarness(P, trace: trace, platform: Schedule(depth));
        h.Load(Enumerable.Range(0, 1000).Select(k => ((long)k, new byte[] { 1 })).ToList());
        trace.Clear();
        h.Get(1);          // hit
        h.Get(5000);       // miss
        h.Put(2, [1, 2]);  // update
        h.Put(6000, []);   // insert
        h.Delete(3);       // delete hit
        h.Delete(7000);    // delete miss
        h.Run(Bolt.Core.Abi.OpCode.Get, 0, default); // another hit

        var perOp = trace.Rows.Where(r => r.Op >= 0).GroupBy(r => r.Op).Select(g => g.ToList()).ToList();
        Assert.Equal(7, perOp.Count);
        var shape = Shape(perOp[0]);
        Assert.Equal(rowKinds, perOp[0].Select(r => CsvTraceWriter.KindName(r.Kind)));
        foreach (var rows in perOp)
        {
            Assert.Equal(shape, Shape(rows));
            Assert.All(rows.Where(r => r.Kind is TraceKind.R or TraceKind.W), r => Assert.Equal(P.PageBytes, r.Bytes));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(PlatformPreset.DefaultPipelineDepth)]
    public void Both_page_reads_wait_exactly_for_the_authenticated_command_frame_and_the_probe_window(int depth)
    {
        var trace = new TraceBuffer();
        using var h = new DeviceHarness(P, trace: trace, platform: Schedule(depth));
        h.Load([]);
        trace.Clear();
        h.Get(1);
        var rows = trace.Rows;
        var u55c = AlveoU55C.Preset;
        long roundTrip = u55c.NsToCycles(u55c.PcieRoundTripNs);                               // 240
        long frameIn = depth == 0 ? roundTrip : roundTrip / 2;                                 // read by the device, or pushed by the host
        long frameBytes = Bolt.Core.Channel.FrameLayout.Bytes(1, P.CommandBytes);                              // sealed: 24 + 48 + 16 = 88 B
        long commandTransfer = (long)Math.Ceiling(frameBytes / (u55c.PcieBytesPerSecond / u55c.KernelClockHz)); // 88 B at 40 B/cycle = 3
        double hbmPerCycle = Math.Min(u55c.HbmChannelBytesPerSecond / u55c.KernelClockHz, u55c.HbmPortBytesPerCycle);
        long frameOpen, lookup;
        if (depth == 0)
        {
            frameOpen = (P.CommandBytes / u55c.AesGcmBytesPerCycle) + u55c.AesGcmFillCycles;   // 3 blocks + 40 fill
            lookup = (long)Math.Ceiling(64 * 32 / hbmPerCycle) + u55c.HbmReadLatencyCycles;     // 43 + 72
            Assert.Equal(115, lookup);
        }
        else
        {
            frameOpen = u55c.GhashTailCycles;                                                    // keystream computed ahead: the tag only
            lookup = (long)Math.Ceiling(64 * 32 / u55c.ProbeWindowChannels / hbmPerCycle) + u55c.HbmReadLatencyCycles; // 6 + 72, striped
            Assert.Equal(78, lookup);
        }

        Assert.Equal(rows[0].Cycle + frameIn + commandTransfer + frameOpen + lookup, rows[1].Cycle);
        Assert.Equal(rows[1].Cycle, rows[2].Cycle); // both candidate reads go out together
    }

    [Fact]
    public void An_access_costs_the_same_cycles_for_every_workload()
    {
        static long Duration(Action<DeviceHarness> work)
        {
            using var h = new DeviceHarness(P);
            h.Load(Enumerable.Range(0, 2000).Select(k => ((long)k, new byte[] { 1 })).ToList());
            long before = h.Device.Cycle;
            work(h);
            return h.Device.Cycle - before;
        }

        long hot = Duration(h => { for (int i = 0; i < 200; i++) { h.Get(7); } });
        long misses = Duration(h => { for (int i = 0; i < 200; i++) { h.Get(100_000 + i); } });
        long churn = Duration(h => { for (int i = 0; i < 100; i++) { h.Delete(i); h.Put(50_000 + i, new byte[8]); } });
        Assert.Equal(hot, misses);
        Assert.Equal(hot, churn);
    }

    private static long[] Shape(List<TraceRow> rows) => rows.Select(r => r.Cycle - rows[0].Cycle).ToArray();
}

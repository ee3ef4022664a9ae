using Bolt.Core;
using Bolt.Core.Trace;
using Bolt.OpenCl.Cosim;
using Bolt.Sim.Timing;
using Bolt.Sim.Timing.Platforms;
using Bolt.Tests.Engine;
using Bolt.Tests.Kernel;
using Xunit;

namespace Bolt.Tests.Timing;

/// <summary>The pipelined schedule of SPEC §9.2: the in-flight limit, overlap, the batch-1 path, and co-simulation at several depths.</summary>
public sealed class PipelineTests
{
    private static readonly BoltParameters P = new(capacity: 1 << 12, valueSize: 8);

    private static PlatformPreset Depth(int k) => AlveoU55C.Preset with { PipelineDepth = k };

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    public void No_more_than_k_accesses_are_ever_in_flight(int k)
    {
        var rows = Run(k, ops: 640, batch: 64);
        var spans = rows.Where(r => r.Op >= 0 && r.Kind is TraceKind.R or TraceKind.W).GroupBy(r => r.Op)
            .Select(g => (Start: g.Min(r => r.Cycle), End: g.Max(r => r.Cycle))).OrderBy(s => s.Start).ToList();
        int most = 0;
        foreach (var (start, _) in spans)
        {
            // Accesses whose page transactions span this start: issued before it, last row after it.
            most = Math.Max(most, spans.Count(s => s.Start <= start && s.End > start));
        }

        Assert.InRange(most, 1, k);
        if (k > 1)
        {
            Assert.True(most > 1, "a batch of 64 should overlap accesses");
        }
    }

    [Fact]
    public void Deeper_pipelines_finish_a_batch_sooner_and_the_sequential_schedule_is_slowest()
    {
        long Cycles(int k)
        {
            using var h = new DeviceHarness(P, platform: Depth(k));
            h.Load(Enumerable.Range(0, 1000).Select(i => ((long)i, new byte[] { 1 })).ToList());
            long before = h.Device.Cycle;
            h.RunBatch(Enumerable.Range(0, 64).Select(i => (long)i).ToList());
            return h.Device.Cycle - before;
        }

        long sequential = Cycles(0), one = Cycles(1), four = Cycles(4), eight = Cycles(8);
        Assert.True(one <= sequential);
        Assert.True(four < one);
        Assert.True(eight < four);
    }

    [Fact]
    public void A_lone_request_leaves_its_response_once_its_pages_are_in_and_authentic_not_after_the_write_back()
    {
        var rows = Run(PlatformPreset.DefaultPipelineDepth, ops: 1, batch: 1).Where(r => r.Op >= 0).ToList();
        var u55c = AlveoU55C.Preset;
        long roundTrip = u55c.NsToCycles(u55c.PcieRoundTripNs);
        long cmdIn = (roundTrip / 2) + (long)Math.Ceiling(Bolt.Core.Channel.FrameLayout.Bytes(1, P.CommandBytes) / u55c.PerCycle(u55c.PcieBytesPerSecond));
        long frameTag = u55c.GhashTailCycles; // the first record's keystream was computed ahead
        long lookup = (long)Math.Ceiling(64 * 32 / u55c.ProbeWindowChannels / Math.Min(u55c.PerCycle(u55c.HbmChannelBytesPerSecond), u55c.HbmPortBytesPerCycle)) + u55c.HbmReadLatencyCycles;
        long pageLink = (long)Math.Ceiling(P.PageBytes / u55c.PerCycle(u55c.PcieBytesPerSecond));
        long pagesIn = roundTrip + (2 * pageLink); // both pages, back to back on the host→device direction
        long pagesAuthentic = pagesIn + u55c.GhashTailCycles;
        long responseSealed = pagesIn + u55c.ResponseSelectCycles + (long)Math.Ceiling((double)P.ResponseBytes / u55c.GhashBytesPerCycle) + u55c.GhashTailCycles;

        var cmd = rows.Single(r => r.Kind == TraceKind.CMD);
        var read = rows.First(r => r.Kind == TraceKind.R);
        var rsp = rows.Single(r => r.Kind == TraceKind.RSP);
        Assert.Equal(cmd.Cycle + cmdIn + frameTag + lookup, read.Cycle);
        Assert.Equal(read.Cycle + Math.Max(pagesAuthentic, responseSealed), rsp.Cycle);
        Assert.True(rows.Where(r => r.Kind == TraceKind.W).All(w => w.Cycle > rsp.Cycle));
    }

    [Fact]
    public void A_response_is_never_released_before_its_pages_are_authentic()
    {
        // A slow AES makes the pages' read keystreams, hence their tags, the last thing: the response waits for them
        // although it was selected and sealed long before.
        var slowAes = AlveoU55C.Preset with { AesGcmBytesPerCycle = 1 };
        var trace = new TraceBuffer();
        using var h = new DeviceHarness(P, trace: trace, platform: slowAes);
        h.Load([]);
        trace.Clear();
        h.Get(1);
        var rows = trace.Rows;
        var read = rows.First(r => r.Kind == TraceKind.R);
        var rsp = rows.Single(r => r.Kind == TraceKind.RSP);
        long versionsIn = read.Cycle + 1 + slowAes.HbmReadLatencyCycles;
        long secondPageTag = versionsIn + (2L * P.PageBytes) + slowAes.AesGcmFillCycles + slowAes.GhashTailCycles;
        long pagesIn = read.Cycle + slowAes.NsToCycles(slowAes.PcieRoundTripNs) + (2 * (long)Math.Ceiling(P.PageBytes / slowAes.PerCycle(slowAes.PcieBytesPerSecond)));
        Assert.True(secondPageTag > pagesIn + 100);
        Assert.Equal(secondPageTag, rsp.Cycle);
    }

    [Fact]
    public void A_ghash_slower_than_the_link_delays_the_page_checks_and_the_response()
    {
        long Latency(PlatformPreset platform)
        {
            var trace = new TraceBuffer();
            using var h = new DeviceHarness(P, trace: trace, platform: platform);
            h.Load([]);
            trace.Clear();
            h.Get(1);
            var rows = trace.Rows;
            return rows.Single(r => r.Kind == TraceKind.RSP).Cycle - rows.Single(r => r.Kind == TraceKind.CMD).Cycle;
        }

        // 2 B/cycle against the link's 40: each page takes PageBytes/2 cycles to check from its first byte.
        var u55c = AlveoU55C.Preset;
        long slow = Latency(u55c with { GhashBytesPerCycle = 2 });
        long fast = Latency(u55c);
        Assert.True(slow >= fast + (P.PageBytes / 2), $"slow GHASH {slow} cycles, fast {fast}");
    }

    [Fact]
    public void A_preset_file_with_a_probe_window_stripe_count_that_is_not_a_power_of_two_is_refused()
    {
        string path = Path.GetTempFileName();
        try
        {
            PlatformPresetFile.Save(path, AlveoU55C.Preset with { ProbeWindowChannels = 6 }, new Dictionary<string, double>(), "test");
            var e = Assert.Throws<BoltConfigurationException>(() => PlatformPresetFile.Load(path));
            Assert.Contains("probeWindowChannels", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_preset_file_with_an_impossible_depth_is_refused_naming_the_field()
    {
        string path = Path.GetTempFileName();
        try
        {
            PlatformPresetFile.Save(path, AlveoU55C.Preset with { PipelineDepth = PlatformPreset.MaxPipelineDepth + 1 }, new Dictionary<string, double>(), "test");
            var e = Assert.Throws<BoltConfigurationException>(() => PlatformPresetFile.Load(path));
            Assert.Contains("pipelineDepth", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(PlatformPreset.MaxPipelineDepth)]
    public void The_kernel_agrees_bit_for_bit_with_the_simulator_at_depth(int k)
    {
        var p = new BoltParameters(capacity: 1 << 12);
        var workload = CosimWorkload.Create(p, seed: 11 + k, ops: 1_500, batch: 50);

        var report = CosimRunner.Run(workload, 11 + k, [KernelCosimTests.OpenCl(p, timing: Depth(k))], CsimRunner.Build(), platform: Depth(k));

        Assert.Null(report.FirstDivergence);
        Assert.True(report.AllEqual);
    }

    private static IReadOnlyList<TraceRow> Run(int k, int ops, int batch)
    {
        var trace = new TraceBuffer();
        using var h = new DeviceHarness(P, trace: trace, platform: Depth(k));
        h.Load(Enumerable.Range(0, 1000).Select(i => ((long)i, new byte[] { 1 })).ToList());
        trace.Clear();
        for (int done = 0; done < ops; done += batch)
        {
            h.RunBatch(Enumerable.Range(done, Math.Min(batch, ops - done)).Select(i => (long)(i % 1500)).ToList());
        }

        return trace.Rows.ToList();
    }
}

using Bolt.Core;
using Bolt.Core.Abi;
using Xunit;

namespace Bolt.Tests.Engine;

/// <summary>The engine against a plain dictionary under long seeded random workloads (docs/design.md §8).</summary>
public sealed class ReferenceModelTests
{
    [Fact]
    public void A_million_mixed_ops_at_2_pow_16_match_a_dictionary_and_respect_the_bounds()
    {
        var p = new BoltParameters(capacity: 1 << 16, valueSize: 24);
        var result = RandomWorkload.Run(p, ops: 1_000_000, keySpace: (1 << 16) + (1 << 14), seed: 11, preload: 1 << 15);

        Assert.Equal(0, result.Mismatches);
        Assert.True(result.Inserts > 100_000 && result.Deletes > 100_000 && result.AbsentGets > 10_000 && result.Updates > 100_000, result.ToString());
        var c = result.Counters;
        Assert.True(c.MaxBinLoad <= p.SlotsPerBin, $"max bin load {c.MaxBinLoad} > l_max {p.SlotsPerBin}");
        Assert.True(c.MaxHbmItems <= p.HbmItemBound, $"HBM items {c.MaxHbmItems} > bound {p.HbmItemBound}");
        Assert.True(c.MaxEvictionBuffer <= p.EvictionBufferBound, $"eviction buffer {c.MaxEvictionBuffer} > bound {p.EvictionBufferBound}");
        Assert.Equal(0, c.MaxStash);
    }

    [Fact]
    public void A_full_map_at_2_pow_20_serves_mixed_ops_correctly()
    {
        var p = new BoltParameters(capacity: 1 << 20);
        var result = RandomWorkload.Run(p, ops: 100_000, keySpace: 1 << 20, seed: 5, preload: 1 << 20);

        Assert.Equal(0, result.Mismatches);
        Assert.True(result.Counters.MaxBinLoad <= p.SlotsPerBin);
        Assert.True(result.Counters.MaxEvictionBuffer <= p.EvictionBufferBound);
    }

    [Theory]
    [InlineData(1 << 12, 8, 0.2, 8)]
    [InlineData(1 << 12, 4, 0.0, 1)]
    [InlineData(1 << 12, 16, 0.5, 100)]
    [InlineData(1 << 10, 8, 0.9, 33)]
    [InlineData(3000, 12, 0.3, 64)]
    public void Random_workloads_match_a_dictionary_across_parameters(int capacity, int binFactor, double alpha, int valueSize)
    {
        var p = new BoltParameters(capacity, binFactor, alpha, valueSize);
        var result = RandomWorkload.Run(p, ops: 60_000, keySpace: capacity + (capacity / 4), seed: capacity + binFactor, preload: capacity / 2);

        Assert.Equal(0, result.Mismatches);
        Assert.True(result.Counters.MaxBinLoad <= p.SlotsPerBin);
    }

    [Fact]
    public void Every_status_reports_presence_and_values_exactly()
    {
        using var h = new DeviceHarness(new BoltParameters(capacity: 256, valueSize: 16));
        h.Load([(1, [1, 2, 3])]);

        Assert.Equal(new byte[] { 1, 2, 3 }, h.Get(1).Value);
        Assert.Equal(DeviceStatus.NotFound, h.Get(2).Status);
        Assert.False(h.Put(2, []).WasPresent);
        var empty = h.Get(2);
        Assert.Equal(DeviceStatus.Ok, empty.Status);
        Assert.Empty(empty.Value);
        Assert.True(h.Put(1, new byte[16]).WasPresent);
        Assert.Equal(16, h.Get(1).Value.Length);
        Assert.Equal(DeviceStatus.Ok, h.Delete(1).Status);
        Assert.Equal(DeviceStatus.NotFound, h.Delete(1).Status);
        Assert.Equal(DeviceStatus.NotFound, h.Get(1).Status);
    }
}

using Bolt.Core;
using Bolt.OpenCl;
using Bolt.Sim;
using Bolt.Sim.Timing.Platforms;
using Xunit;

namespace Bolt.Tests.Bench;

/// <summary>Memory limits are checked before anything is allocated; the HBM plan says what fits a U55C.</summary>
public sealed class FootprintTests
{
    [Fact]
    public void Too_large_for_memory_names_the_option_that_pushes_it_over()
    {
        var big = new BoltParameters(capacity: 1 << 22, valueSize: 1024);
        long enough = SimulatorFootprint.Of(big).TotalBytes;
        SimulatorFootprint.EnsureFits(big, enough);
        var e = Assert.Throws<BoltConfigurationException>(() => SimulatorFootprint.EnsureFits(big, enough - 1));
        Assert.Equal("value-size", e.Parameter);
        Assert.Contains("lower --value-size", e.Message, StringComparison.Ordinal);
        var small = new BoltParameters(capacity: 1 << 22);
        e = Assert.Throws<BoltConfigurationException>(() => SimulatorFootprint.EnsureFits(small, 1 << 20));
        Assert.Equal("capacity", e.Parameter);
    }

    [Fact]
    public void A_two_to_the_twenty_map_fits_one_channel_per_port()
    {
        var plan = HbmPlan.For(new BoltParameters(capacity: 1 << 20), AlveoU55C.Preset);
        Assert.True(plan.Fits);
        Assert.All(plan.Buffers, b => Assert.Equal(1, b.Channels));
        Assert.Equal("HBM[1]", plan.Buffers.Single(b => b.Port == "posmap").Bank);
    }

    [Fact]
    public void A_two_to_the_twenty_five_map_spreads_the_position_map_over_four_channels_and_fits()
    {
        var plan = HbmPlan.For(new BoltParameters(capacity: 1 << 25), AlveoU55C.Preset);
        var posmap = plan.Buffers.Single(b => b.Port == "posmap");
        Assert.Equal(4, posmap.Channels);
        Assert.Equal("HBM[1:4]", posmap.Bank);
        Assert.True(plan.Fits);
    }

    [Fact]
    public void A_two_to_the_twenty_six_map_spans_eight_channels_for_the_position_map_and_no_longer_fits_with_the_load_staged_on_the_device()
    {
        // The bulk load's page plaintexts live in device memory (SPEC §7): H pages more of HBM, 3 GiB at this size.
        var plan = HbmPlan.For(new BoltParameters(capacity: 1 << 26), AlveoU55C.Preset);
        Assert.Equal("HBM[1:8]", plan.Buffers.Single(b => b.Port == "posmap").Bank);
        Assert.False(plan.Fits);
    }

    [Fact]
    public void The_largest_map_does_not_fit_a_u55c()
    {
        var plan = HbmPlan.For(new BoltParameters(capacity: 1 << 28, valueSize: 4096), AlveoU55C.Preset);
        Assert.False(plan.Fits);
        Assert.True(plan.ChannelsUsed > 32);
    }
}

using Bolt.Core;
using Xunit;

namespace Bolt.Tests.Core;

public sealed class ParameterTests
{
    [Fact]
    public void Derived_sizes_follow_SPEC_section_1()
    {
        var p = new BoltParameters(capacity: 1 << 20, binFactor: 8, hbmFraction: 0.2, valueSize: 8);
        Assert.Equal(131072, p.Bins);
        Assert.Equal(26214, p.HbmBins);
        Assert.Equal(104858, p.HostPages);
        Assert.Equal(14, p.SlotsPerBin);           // 8 + ⌈log2 20⌉ + 1
        Assert.Equal(32, p.SlotBytes);             // roundup16(20 + 8)
        Assert.Equal(480, p.PageBytes);            // 16 + 14·32 + 16
        Assert.Equal(1 << 21, p.PositionSlots);
        Assert.Equal(48, p.CommandBytes);
        Assert.Equal(32, p.ResponseBytes);
    }

    [Theory]
    [InlineData(8, 8, 0.2, 8, "capacity")]
    [InlineData(1024, 1, 0.2, 8, "binFactor")]
    [InlineData(1024, 8, 1.0, 8, "hbmFraction")]
    [InlineData(1024, 8, -0.1, 8, "hbmFraction")]
    [InlineData(1024, 8, 0.2, 0, "valueSize")]
    [InlineData(1024, 8, 0.2, 5000, "valueSize")]
    public void Bad_parameters_name_themselves(int capacity, int binFactor, double alpha, int valueSize, string name)
    {
        var e = Assert.Throws<BoltConfigurationException>(() => new BoltParameters(capacity, binFactor, alpha, valueSize));
        Assert.Equal(name, e.Parameter);
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }
}

using Bolt.Core.Device;
using Bolt.Core.Memory;
using Xunit;

namespace Bolt.Tests.Bench;

/// <summary>The host region addresses any size by long offsets and refuses a whole-region span past 2 GiB.</summary>
public sealed unsafe class HostRegionTests
{
    [Fact]
    public void Slices_and_bytes_address_the_native_memory()
    {
        using var memory = new NativeArray<byte>(4096);
        var region = new HostRegion(memory.Pointer, memory.Length);
        region.Slice(4000, 96).Fill(7);
        region[10] = 3;
        Assert.Equal(7, memory[4095]);
        Assert.Equal(3, region.ToArray()[10]);
        Assert.False(region.IsAllZero());
        Assert.Throws<ArgumentOutOfRangeException>(() => region.Slice(4000, 97));
        Assert.Throws<ArgumentOutOfRangeException>(() => region[4096]);
    }

    [Fact]
    public void A_region_past_two_gibibytes_has_no_whole_span_but_slices_anywhere()
    {
        // A view only: nothing is read, so the length need not be backed by memory.
        using var memory = new NativeArray<byte>(16);
        var region = new HostRegion(memory.Pointer, 3L << 30);
        var e = Assert.Throws<InvalidOperationException>(() => region.AsSpan());
        Assert.Contains("Slice", e.Message, StringComparison.Ordinal);
        Assert.Equal(16, region.Slice(0, 16).Length);
    }
}

using Bolt.Sim.Engine;
using Bolt.Tests.Core;
using Xunit;

namespace Bolt.Tests.Engine;

/// <summary>
/// A large position map is faulted in on a background thread from its construction, so a bulk load that follows (after
/// the client has encoded its records) finds its pages mapped instead of stopping at each for the kernel.
/// </summary>
public sealed class PositionMapPrefaultTests
{
    [Fact]
    public void A_large_map_becomes_resident_without_a_write_and_stays_empty()
    {
        using var map = new PositionMap(1 << 21, 64); // 64 MiB of slots
        double resident = Residency.WaitForAll(map.Slots, TimeSpan.FromSeconds(30));
        if (resident < 0)
        {
            return; // not Linux: there is no populate call, nor a way to see residency
        }

        Assert.Equal(1.0, resident);
        Assert.Equal(0, map.Count);
        for (int slot = 0; slot < 1 << 21; slot += 4099)
        {
            Assert.True(map[slot].IsEmpty);
        }
    }
}

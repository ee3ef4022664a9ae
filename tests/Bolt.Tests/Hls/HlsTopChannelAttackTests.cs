using Bolt.OpenCl.Xrt;
using Bolt.Tests.Channel;
using Bolt.Tests.Xrt;

namespace Bolt.Tests.Hls;

/// <summary>Every attack of <see cref="ChannelAttackTests"/> against the HLS top (XrtDevice over the fake shim built around it).</summary>
public sealed class HlsTopChannelAttackTests : ChannelAttackTests
{
    private protected override ChannelHarness CreateHarness() =>
        new(create: (p, key) => new XrtDevice(new XrtDeviceOptions { Parameters = p, Seed = key, XclbinPath = FakeXrtShim.Connectivity, ShimLibrary = FakeXrtShim.Library }));
}

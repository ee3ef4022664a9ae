using Bolt.Core;
using Bolt.Core.Device;
using Bolt.OpenCl;
using Bolt.Tests.Channel;

namespace Bolt.Tests.Kernel;

/// <summary>
/// Every attack of <see cref="ChannelAttackTests"/> with the kernel on OpenCL (PoCL) behind the channel: the kernel
/// itself checks shape, session, sequence and tag, so the same typed faults come back and nothing executes.
/// </summary>
public sealed class KernelChannelAttackTests : ChannelAttackTests
{
    /// <summary>Creates the kernel on PoCL for the harness's parameters and key, built with <paramref name="buildOptions"/>.</summary>
    internal static Func<BoltParameters, byte[], IBoltDevice> OpenCl(string buildOptions) =>
        (p, key) => new OpenClDevice(new OpenClDeviceOptions { Parameters = p, Seed = key, PlatformName = "Portable", BuildOptions = buildOptions });

    private protected override ChannelHarness CreateHarness() => new(create: OpenCl(string.Empty));
}

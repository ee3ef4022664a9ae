using Bolt.Core.Channel;
using Bolt.OpenCl;
using Bolt.Sim;
using Xunit;

namespace Bolt.Tests.Core;

/// <summary>SPEC §1: a device's root key is random unless a test asks, by name, for an insecure fixed one.</summary>
public sealed class DeviceKeyDefaultTests
{
    [Fact]
    public void Simulated_device_options_draw_a_fresh_random_key_by_default()
    {
        var a = new SimulatedDeviceOptions().Seed;
        var b = new SimulatedDeviceOptions().Seed;
        Assert.Equal(16, a.Length);
        Assert.NotEqual(a, b);
        Assert.NotEqual(SimulatedDeviceOptions.InsecureFixedKey(1), a);
        Assert.NotEqual(ChannelKdf.ProvisioningKey(SimulatedDeviceOptions.InsecureFixedKey(1)), ChannelKdf.ProvisioningKey(a));
    }

    [Fact]
    public void OpenCl_device_options_draw_a_fresh_random_key_by_default()
    {
        var a = new OpenClDeviceOptions().Seed;
        Assert.Equal(16, a.Length);
        Assert.NotEqual(a, new OpenClDeviceOptions().Seed);
        Assert.NotEqual(SimulatedDeviceOptions.InsecureFixedKey(1), a);
    }

    [Fact]
    public void The_fixed_key_is_reproducible_only_when_asked_for_by_its_insecure_name()
    {
        Assert.Equal(SimulatedDeviceOptions.InsecureFixedKey(7), SimulatedDeviceOptions.InsecureFixedKey(7));
        Assert.NotEqual(SimulatedDeviceOptions.InsecureFixedKey(7), SimulatedDeviceOptions.InsecureFixedKey(8));
    }
}

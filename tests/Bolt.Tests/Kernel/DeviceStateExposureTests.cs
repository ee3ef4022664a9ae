using Bolt.Security.Exposure;
using Xunit;

namespace Bolt.Tests.Kernel;

/// <summary>
/// The host's whole view of the OpenCL device — every buffer its runtime writes or reads — holds nothing but sealed
/// pages, sealed frames, public parameters, the trace and the public status record (SPEC §11): no key, no digest, no
/// value (`bolt leakage --opencl-exposure`). The plaintext record port is the positive control: it puts digests in
/// host-visible memory by design, and the same scan must find them.
/// </summary>
public sealed class DeviceStateExposureTests
{
    [Fact]
    public void A_sealed_workload_leaves_no_key_digest_or_value_in_host_visible_buffers_and_the_control_is_caught()
    {
        var outcome = BufferExposureCheck.Run("Portable");

        Assert.Equal(6, outcome.Buffers);
        Assert.Empty(outcome.SealedFindings);
        Assert.Contains("digest 3 in the commands buffer", outcome.ControlFindings);
        Assert.Contains("value 3 in the commands buffer", outcome.ControlFindings);
        Assert.True(outcome.Passed);
    }
}

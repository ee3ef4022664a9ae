using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.OpenCl.Cosim;
using Bolt.Tests.Channel;
using Xunit;

namespace Bolt.Tests.Kernel;

/// <summary>
/// The co-simulation has teeth: a kernel built with a test-only define that flips one bit of its PRNG output, of its
/// bin-choice rule or of its candidate/dummy rule, or that skips the frame tag check, is reported as a divergence,
/// on OpenCL and in the C-sim alike.
/// </summary>
public sealed class KernelFaultInjectionTests
{
    private static readonly BoltParameters Small = new(capacity: 1024);

    [Theory]
    [InlineData("-DBOLT_FAULT_PRNG")]
    [InlineData("-DBOLT_FAULT_TIEBREAK")]
    [InlineData("-DBOLT_FAULT_CANDIDATE")]
    public void A_one_bit_fault_in_the_OpenCL_kernel_is_a_divergence(string define)
    {
        var workload = CosimWorkload.Create(Small, seed: 3, ops: 400, batch: 50);

        var report = CosimRunner.Run(workload, 3, [KernelCosimTests.OpenCl(Small, define)], csim: null, includeSealed: false);

        Assert.False(report.AllEqual);
        Assert.NotNull(report.FirstDivergence);
        Assert.Equal("opencl:pocl", report.FirstDivergence!.Device);
    }

    [Fact]
    public void A_flipped_PRNG_bit_shows_at_the_first_dummy_read_as_a_different_address()
    {
        var workload = CosimWorkload.Create(Small, seed: 4, ops: 100, batch: 100);

        var report = CosimRunner.Run(workload, 4, [], CsimRunner.Build(extraDefines: "-DBOLT_FAULT_PRNG"), includeSealed: false);

        Assert.False(report.TraceEqual);
        Assert.Equal("trace", report.FirstDivergence!.Kind);
        Assert.Contains(",R,", report.FirstDivergence.Expected, StringComparison.Ordinal);
        Assert.True(report.FirstDivergence.Index > Small.HostPages + 1, "the load's rows agree: the fault is in the access draws only");
    }

    [Fact]
    public void Skipping_the_second_candidate_changes_the_touched_pages_and_loses_the_items_homed_there()
    {
        var workload = CosimWorkload.Create(Small, seed: 5, ops: 200, batch: 50);

        var report = CosimRunner.Run(workload, 5, [], CsimRunner.Build(extraDefines: "-DBOLT_FAULT_CANDIDATE"), includeSealed: false);

        Assert.False(report.TraceEqual);
        Assert.False(report.ResponsesEqual);
        Assert.Equal("response", report.FirstDivergence!.Kind);
    }

    [Fact]
    public void A_kernel_that_skips_the_frame_tag_check_serves_the_forged_frame_the_attack_tests_deliver()
    {
        using var honest = new ChannelHarness(create: KernelChannelAttackTests.OpenCl(string.Empty));
        using var faulty = new ChannelHarness(create: KernelChannelAttackTests.OpenCl("-DBOLT_FAULT_FRAME_TAG"));

        var e = Assert.Throws<ChannelViolationException>(() => honest.Deliver(Forged(honest)));
        Assert.Equal(ChannelFault.BadTag, e.Fault);
        Assert.Equal(1, honest.Rejected);
        faulty.Deliver(Forged(faulty));
        Assert.Equal(0, faulty.Rejected);
    }

    // An honest frame with one ciphertext bit flipped.
    private static byte[] Forged(ChannelHarness h)
    {
        var frame = h.Seal(h.Puts(1, 1));
        frame[FrameLayout.HeaderBytes] ^= 1;
        return frame;
    }
}

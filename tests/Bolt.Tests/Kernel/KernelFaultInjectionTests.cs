using Bolt.Core;
using Bolt.OpenCl.Cosim;
using Xunit;

namespace Bolt.Tests.Kernel;

/// <summary>
/// The co-simulation has teeth: a kernel built with a test-only define that flips one bit of its PRNG output
/// or of its bin-choice rule is reported as a divergence, on OpenCL and in the C-sim alike.
/// </summary>
public sealed class KernelFaultInjectionTests
{
    private static readonly BoltParameters Small = new(capacity: 1024);

    [Theory]
    [InlineData("-DBOLT_FAULT_PRNG")]
    [InlineData("-DBOLT_FAULT_TIEBREAK")]
    public void A_one_bit_fault_in_the_OpenCL_kernel_is_a_divergence(string define)
    {
        var workload = CosimWorkload.Create(Small, seed: 3, ops: 400, batch: 50);

        var report = CosimRunner.Run(workload, 3, [KernelCosimTests.OpenCl(Small, define)], csim: null);

        Assert.False(report.AllEqual);
        Assert.NotNull(report.FirstDivergence);
        Assert.Equal("opencl:pocl", report.FirstDivergence!.Device);
    }

    [Fact]
    public void A_flipped_PRNG_bit_shows_at_the_first_access_as_a_different_flush_address()
    {
        var workload = CosimWorkload.Create(Small, seed: 4, ops: 100, batch: 100);

        var report = CosimRunner.Run(workload, 4, [], CsimRunner.Build(extraDefines: "-DBOLT_FAULT_PRNG"));

        Assert.False(report.TraceEqual);
        Assert.Equal("trace", report.FirstDivergence!.Kind);
        Assert.Equal(1 + Small.HostPages + 1, report.FirstDivergence.Index); // load CMD, page writes, batch CMD, then R(flush) of op 0
    }
}

using Bolt.OpenCl.ConstantTime;
using Xunit;

namespace Bolt.Tests.ConstantTime;

/// <summary>
/// The work-count check over seven contrasting workloads, per access: instructions of every kernel function
/// (callgrind), iterations of every engine loop and transactions on every port (the kernel's own counters). All
/// identical on every access outside hardware/ct/known-leaks.txt (empty since kernel v2), and the injected leak
/// caught by both the instruction count and the loop count.
/// </summary>
public sealed class WorkCountCheckTests
{
    [Fact]
    public void Work_varies_only_in_the_known_leaks_and_the_crypto_path_is_constant()
    {
        var counts = ConstantTimeChecks.Work();
        var known = ConstantTimeChecks.Known;

        var unexpected = WorkCountCheck.Varying(counts).Where(f => !known.Contains(f)).Select(f => $"{f}: {Describe(counts[f])}").ToList();
        Assert.True(unexpected.Count == 0, "secret-dependent work outside hardware/ct/known-leaks.txt:\n" + string.Join("\n", unexpected));
        foreach (var f in new[] { "bolt_seal", "bolt_open", "bolt_prng_block", "bolt_aes_encrypt", "bolt_access", "bolt_merge", "bolt_span_remove" })
        {
            Assert.True(counts.ContainsKey(f), $"{f} was never called");
            Assert.Single(counts[f]);
        }

        // Every HBM structure and host-facing port is counted, and busy on every access.
        foreach (var port in new[] { "posmap", "records", "freelist", "loads", "pending", "versions", "host", "cmds", "rsps", "trace" })
        {
            Assert.True(counts.TryGetValue("port:" + port, out var seen), $"port {port} was never counted");
            Assert.True(Assert.Single(seen).Key > 0, $"port {port} is idle on some access");
        }

        Assert.True(counts.Keys.Count(WorkCountCheck.IsLoop) >= 25, "too few engine loops counted: " + string.Join(", ", counts.Keys.Where(WorkCountCheck.IsLoop)));
    }

    [Fact]
    public void Work_is_the_same_on_every_sealed_frame_channel_included()
    {
        var counts = ConstantTimeChecks.Work(sealedChannel: true);
        var known = ConstantTimeChecks.Known;

        var unexpected = WorkCountCheck.Varying(counts).Where(f => !known.Contains(f)).Select(f => $"{f}: {Describe(counts[f])}").ToList();
        Assert.True(unexpected.Count == 0, "secret-dependent work on the sealed channel outside hardware/ct/known-leaks.txt:\n" + string.Join("\n", unexpected));
        foreach (var f in new[] { "bolt_frame_open", "bolt_frame_seal_responses", "bolt_execute_sealed", "bolt_access" })
        {
            Assert.True(counts.ContainsKey(f), $"{f} was never called");
            Assert.Single(counts[f]);
        }
    }

    [Fact]
    public void An_injected_secret_dependent_branch_changes_the_work_count()
    {
        var counts = ConstantTimeChecks.Work(ConstantTimeChecks.InjectedLeak);

        var varying = WorkCountCheck.Varying(counts);
        Assert.Contains("bolt_seal", varying);
        Assert.Contains(varying, k => k.StartsWith("loop:bolt_seal:", StringComparison.Ordinal));
        Assert.DoesNotContain("bolt_seal", ConstantTimeChecks.Known);
    }

    private static string Describe(SortedDictionary<long, SortedSet<string>> counts) =>
        string.Join("; ", counts.Select(kv => $"{kv.Key} instr in {string.Join(",", kv.Value)}"));
}

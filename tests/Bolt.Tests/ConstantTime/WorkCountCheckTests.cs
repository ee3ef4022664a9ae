using Bolt.OpenCl.ConstantTime;
using Xunit;

namespace Bolt.Tests.ConstantTime;

/// <summary>
/// The work-count check (valgrind callgrind, per-access instruction counts of every kernel function) over seven
/// contrasting workloads: varying work only in hardware/ct/known-leaks.txt, the crypto path (AES, GCM, PRNG, page
/// seal and open) identical on every access, and the injected leak caught.
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
        foreach (var f in new[] { "bolt_seal", "bolt_open", "bolt_prng_block", "bolt_aes_encrypt" })
        {
            Assert.True(counts.ContainsKey(f), $"{f} was never called");
            Assert.Single(counts[f]);
        }
    }

    [Fact]
    public void An_injected_secret_dependent_branch_changes_the_work_count()
    {
        var counts = ConstantTimeChecks.Work(ConstantTimeChecks.InjectedLeak);

        Assert.Contains("bolt_seal", WorkCountCheck.Varying(counts));
        Assert.DoesNotContain("bolt_seal", ConstantTimeChecks.Known);
    }

    private static string Describe(SortedDictionary<long, SortedSet<string>> counts) =>
        string.Join("; ", counts.Select(kv => $"{kv.Key} instr in {string.Join(",", kv.Value)}"));
}

using Bolt.OpenCl.ConstantTime;
using Xunit;

namespace Bolt.Tests.ConstantTime;

/// <summary>
/// The ctgrind-style check (valgrind memcheck, secrets undefined) on the C-sim kernel over seven contrasting
/// workloads, each on the plaintext record port and as sealed frames (the channel's code included): no
/// secret-dependent conditional jump and no undeclared secret-dependent address outside hardware/ct/known-leaks.txt
/// (empty since kernel v2), every listed function still found (the list only shrinks), and the injected leaks
/// caught: a secret branch, an HBM index used without its declassification, and a session word used without its.
/// </summary>
public sealed class SecretBranchCheckTests
{
    [Fact]
    public void No_secret_dependent_branch_outside_the_known_leaks_and_the_list_is_tight()
    {
        var found = ConstantTimeChecks.Branches();
        var known = ConstantTimeChecks.Known;

        var unexpected = found.Where(f => !known.Contains(f.Function)).Select(f => $"{f.Kind} in {f.Function} at {f.Location} ({string.Join(", ", f.Workloads)})").ToList();
        Assert.True(unexpected.Count == 0, "secret-dependent branches outside hardware/ct/known-leaks.txt:\n" + string.Join("\n", unexpected));
        string[] crypto = ["bolt_aes", "bolt_gcm", "bolt_ghash", "bolt_gf_mul", "bolt_prng", "bolt_seal"];
        Assert.DoesNotContain(found, f => crypto.Any(c => f.Function.StartsWith(c, StringComparison.Ordinal)));
        var stale = known.Where(k => !found.Any(f => f.Function == k)).ToHashSet();
        var workOnly = WorkListedOnly();
        stale.ExceptWith(workOnly);
        Assert.True(stale.Count == 0, "listed but no longer found (remove from hardware/ct/known-leaks.txt): " + string.Join(", ", stale));
    }

    [Fact]
    public void An_injected_secret_dependent_branch_is_reported()
    {
        var found = ConstantTimeChecks.Branches(ConstantTimeChecks.InjectedLeak);

        Assert.Contains(found, f => f.Function == "bolt_seal" && f.Kind == "branch" && !ConstantTimeChecks.Known.Contains(f.Function));
    }

    [Fact]
    public void An_hbm_index_used_without_its_declassification_is_reported()
    {
        var found = ConstantTimeChecks.Branches(" -DBOLT_FAULT_CT_ADDRESS");

        Assert.Contains(found, f => f.Kind == "address" && !ConstantTimeChecks.Known.Contains(f.Function));
        Assert.DoesNotContain(found, f => f.Kind == "branch");
    }

    [Fact]
    public void A_session_word_used_without_its_declassification_is_reported_on_the_sealed_runs()
    {
        var found = ConstantTimeChecks.Branches(" -DBOLT_FAULT_CT_SESSION");

        var leak = Assert.Single(found, f => f.Function == "bolt_frame_open" && !ConstantTimeChecks.Known.Contains(f.Function));
        Assert.All(leak.Workloads, w => Assert.EndsWith(Bolt.OpenCl.Cosim.DeviceRun.SealedSuffix, w, StringComparison.Ordinal));
    }

    // Functions listed for varying work only (memcheck sees no branch in them: their callees branch, or they are
    // called only sometimes): they are marked "work" in the list.
    private static HashSet<string> WorkListedOnly()
    {
        string path = Path.Combine(Bolt.OpenCl.Cosim.CsimRunner.FindRepositoryRoot(), "hardware", "ct", "known-leaks.txt");
        return File.ReadLines(path).Where(l => !l.StartsWith('#') && l.Split('#')[0].Contains("[work]", StringComparison.Ordinal)).Select(l => l.Split(' ', 2)[0].Trim()).ToHashSet();
    }
}

using Bolt.Core;
using Bolt.OpenCl.ConstantTime;
using Bolt.OpenCl.Cosim;
using Bolt.Sim;

namespace Bolt.Tests.ConstantTime;

/// <summary>The two checks over the contrasting workloads, on a normal or a leak-injected kernel (shared by the test classes).</summary>
internal static class ConstantTimeChecks
{
    /// <summary>The test-only define that adds one secret-dependent early exit to bolt_seal.</summary>
    public const string InjectedLeak = " -DBOLT_FAULT_CT_BRANCH";

    // Four session slots keep the checkpoint round trip every run ends with (its response caches) short under valgrind.
    private static readonly BoltParameters P = new(capacity: 256, sessionSlots: 4);

    public static IReadOnlySet<string> Known => KnownLeaks.Load(CsimRunner.FindRepositoryRoot());

    /// <summary>Functions with a secret-dependent conditional jump under memcheck.</summary>
    public static IReadOnlyList<SecretBranch> Branches(string extra = "") =>
        SecretBranchCheck.Run(CsimRunner.Build(extraDefines: SecretBranchCheck.Defines + extra), ContrastingWorkloads.Create(P, ops: 4, batch: 4), SimulatedDeviceOptions.InsecureFixedKey(1));

    /// <summary>Per-access instruction counts of every kernel function under callgrind (sealed: per sealed frame of one record).</summary>
    public static IReadOnlyDictionary<string, SortedDictionary<long, SortedSet<string>>> Work(string extra = "", bool sealedChannel = false) =>
        WorkCountCheck.Run(CsimRunner.Build(extraDefines: WorkCountCheck.Defines + extra), ContrastingWorkloads.Create(P, ops: 3, batch: 1), SimulatedDeviceOptions.InsecureFixedKey(1), sealedChannel);
}

using System.Text.RegularExpressions;
using Bolt.Core;
using Bolt.OpenCl.Cosim;

namespace Bolt.OpenCl.ConstantTime;

/// <summary>
/// The ctgrind-style check: runs the C-simulation built with -DBOLT_CT_CHECK (hardware/ct/bolt_ct_marks.h marks the
/// key, the command records, every HBM structure and the private state words undefined for each kernel call) under
/// valgrind memcheck, and collects every "Conditional jump or move depends on uninitialised value(s)" (a branch or a
/// loop bound that depends on a secret) and every "Use of uninitialised value of size N" (a memory address that
/// depends on a secret). The kernel's named declassifications (bolt_ct.h: BOLT_HBM_INDEX, BOLT_PUBLIC_PAGE, ...)
/// mark their value defined, so only an undeclared use is reported. Each finding is named by the kernel function
/// valgrind attributes it to (inlined functions included, from the -g debug info) and its source line.
/// </summary>
public static partial class SecretBranchCheck
{
    /// <summary>The defines of the instrumented C-sim build (debug info so findings name kernel functions).</summary>
    public const string Defines = "-DBOLT_CT_CHECK -g";

    /// <summary>
    /// Runs every workload under memcheck, on the plaintext record port and again as sealed frames (the channel's
    /// code included; those runs are named NAME+sealed), and returns the findings, deduplicated, with the workloads
    /// that hit each.
    /// </summary>
    /// <exception cref="BoltException">valgrind is missing or the C-sim failed.</exception>
    public static IReadOnlyList<SecretBranch> Run(CsimRunner instrumented, IEnumerable<(string Name, CosimWorkload Workload)> workloads, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(instrumented);
        ArgumentNullException.ThrowIfNull(workloads);
        var found = new SortedDictionary<string, SecretBranch>(StringComparer.Ordinal);
        foreach (var (name, workload, sealedChannel) in workloads.SelectMany(w => new[] { (w.Name, w.Workload, false), (w.Name + DeviceRun.SealedSuffix, w.Workload, true) }))
        {
            string log = RunOne(instrumented.Binary, workload, key, sealedChannel);
            foreach (Match m in Finding().Matches(log))
            {
                string kind = m.Groups["what"].Value.StartsWith("Use", StringComparison.Ordinal) ? "address" : "branch";
                var branch = new SecretBranch(m.Groups["fn"].Value, m.Groups["file"].Value + ":" + m.Groups["line"].Value, kind, []);
                string id = branch.Function + " " + branch.Location + " " + kind;
                if (!found.TryGetValue(id, out var seen))
                {
                    found[id] = seen = branch;
                }

                if (!seen.Workloads.Contains(name))
                {
                    seen.Workloads.Add(name);
                }
            }
        }

        return [.. found.Values];
    }

    private static string RunOne(string binary, CosimWorkload workload, byte[] key, bool sealedChannel) =>
        Valgrind.Run(binary, workload, key, _ => ["--tool=memcheck", "--error-limit=no", "--num-callers=1", "--read-inline-info=yes"], (_, stderr) => stderr, sealedChannel);

    // "==1== Conditional jump or move depends on uninitialised value(s)\n==1==    at 0x...: bolt_pm_find (bolt_core.h:140)",
    // or "==1== Use of uninitialised value of size 8\n==1==    at ...". Inlined frames print the bare name; real calls
    // print the C++ signature, "bolt_seal(bolt_ctx*, ...) [clone .isra.0]".
    [GeneratedRegex(@"(?<what>Conditional jump or move depends on uninitialised value\(s\)|Use of uninitialised value of size \d+)\s*\n==\d+==\s+at 0x[0-9A-Fa-f]+: (?<fn>[A-Za-z_]\w*)(?:\([^()\n]*\))?(?: \[clone [^\]\n]*\])* \((?<file>[^:()\n]+):(?<line>\d+)\)")]
    private static partial Regex Finding();
}

/// <summary>
/// One secret-dependent conditional jump (Kind "branch") or memory address (Kind "address"): the kernel function, its
/// source line, and the workloads that reached it.
/// </summary>
public sealed record SecretBranch(string Function, string Location, string Kind, List<string> Workloads);

using System.Globalization;
using Bolt.Core;
using Bolt.OpenCl.Cosim;

namespace Bolt.OpenCl.ConstantTime;

/// <summary>
/// The work-count check: runs the C-simulation (built with -fno-inline, so every kernel helper is a real call, and
/// -DBOLT_WORK_COUNT, so the kernel counts its own work) under valgrind callgrind, one access per kernel call, and
/// collects per access three kinds of work: the instructions each kernel function executed, its callees included
/// (from a callgrind dump after every call); the iterations of every engine loop ("loop:FUNCTION:LINE", the
/// kernel's BOLT_LOOP counters); and the transactions on every port ("port:NAME", BOLT_PORT), both from the
/// testbench's OUTDIR/work.txt. A constant-time kernel does the same work of every kind on every access, whatever the
/// workload; a count that differs between accesses is secret-dependent work (a loop that runs longer, a branch that
/// skips work, a transaction that happens only sometimes). Only the accesses are compared: the provisioning and the
/// bulk load are skipped.
/// </summary>
public static class WorkCountCheck
{
    /// <summary>The flags of the instrumented C-sim build.</summary>
    public const string Defines = "-DBOLT_WORK_COUNT -g -fno-inline";

    /// <summary>
    /// For each kernel function (bolt_*), the distinct per-access instruction counts seen over all workloads, with
    /// the workloads that produced each count.
    /// </summary>
    /// <exception cref="BoltException">valgrind is missing or the C-sim failed.</exception>
    /// <remarks>With <paramref name="sealedChannel"/> every workload reaches the kernel as sealed frames (one command
    /// frame per batch, so with batches of one each call is one frame: opened, served and answered); compare sealed
    /// calls with sealed calls only, since a frame's channel work is on top of its access.</remarks>
    public static IReadOnlyDictionary<string, SortedDictionary<long, SortedSet<string>>> Run(CsimRunner instrumented, IEnumerable<(string Name, CosimWorkload Workload)> workloads, byte[] key, bool sealedChannel = false)
    {
        ArgumentNullException.ThrowIfNull(instrumented);
        ArgumentNullException.ThrowIfNull(workloads);
        var accesses = new List<(string Workload, Dictionary<string, long> Costs)>();
        foreach (var (name, workload) in workloads)
        {
            accesses.AddRange(RunOne(instrumented.Binary, workload, key, sealedChannel).Select(costs => (name, costs)));
        }

        // A function an access never called did 0 work in it: calling it only sometimes is itself varying work.
        var counts = new SortedDictionary<string, SortedDictionary<long, SortedSet<string>>>(StringComparer.Ordinal);
        foreach (string function in accesses.SelectMany(a => a.Costs.Keys).Distinct())
        {
            var seen = counts[function] = [];
            foreach (var (name, costs) in accesses)
            {
                long cost = costs.GetValueOrDefault(function);
                if (!seen.TryGetValue(cost, out var by))
                {
                    seen[cost] = by = new SortedSet<string>(StringComparer.Ordinal);
                }

                by.Add(name);
            }
        }

        return counts;
    }

    /// <summary>The functions whose per-access count is not one number.</summary>
    public static IReadOnlyList<string> Varying(IReadOnlyDictionary<string, SortedDictionary<long, SortedSet<string>>> counts) =>
        [.. counts.Where(kv => kv.Value.Count > 1).Select(kv => kv.Key)];

    /// <summary>Whether the key is an engine loop's iteration count.</summary>
    public static bool IsLoop(string key) => key.StartsWith("loop:", StringComparison.Ordinal);

    private static List<Dictionary<string, long>> RunOne(string binary, CosimWorkload workload, byte[] key, bool sealedChannel)
    {
        int skipped = sealedChannel ? 3 : 2; // provisioning and load, and the hello before a sealed load
        return Valgrind.Run(
            binary,
            workload,
            key,
            dir => ["--tool=callgrind", "--dump-after=bolt_kernel", "--compress-strings=no", "--compress-pos=no", "--callgrind-out-file=" + Path.Combine(dir, "cg.out")],
            (dir, _) =>
            {
                // cg.out.1 is the provisioning, then (sealed) the hello, then the load; the accesses follow, in order (the
                // final dump, at exit, has no kernel work).
                var dumps = Directory.GetFiles(dir, "cg.out.*")
                    .Select(f => (File: f, Index: int.TryParse(f[(f.LastIndexOf('.') + 1)..], CultureInfo.InvariantCulture, out int n) ? n : 0))
                    .Where(d => d.Index > skipped && d.Index <= workload.Batches.Count + skipped)
                    .OrderBy(d => d.Index);
                var accesses = dumps.Select(d => Inclusive(File.ReadLines(d.File))).ToList();
                var counters = Counters(File.ReadLines(Path.Combine(dir, "work.txt")));
                for (int i = 0; i < accesses.Count; i++)
                {
                    // work.txt's calls are numbered from 0 in the same order.
                    foreach (var (name, count) in counters.GetValueOrDefault(i + skipped) ?? [])
                    {
                        accesses[i][name] = count;
                    }
                }

                return accesses;
            },
            sealedChannel);
    }

    /// <summary>
    /// The loop and port counters of each kernel call from the testbench's work.txt ("call N", then "NAME COUNT"
    /// lines; a port's sites share its name and add up).
    /// </summary>
    internal static Dictionary<int, Dictionary<string, long>> Counters(IEnumerable<string> lines)
    {
        var calls = new Dictionary<int, Dictionary<string, long>>();
        Dictionary<string, long>? current = null;
        foreach (string line in lines)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2)
            {
                continue;
            }

            if (parts[0] == "call")
            {
                calls[int.Parse(parts[1], CultureInfo.InvariantCulture)] = current = new Dictionary<string, long>(StringComparer.Ordinal);
            }
            else if (current is not null)
            {
                current[parts[0]] = current.GetValueOrDefault(parts[0]) + long.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }

        return calls;
    }

    /// <summary>
    /// Inclusive instruction counts per bolt_* function from one callgrind dump (uncompressed names and positions):
    /// under "fn=NAME", every "POSITION COST" line counts: its own instructions, and (the line after each "calls=")
    /// the cost of a call it made, callees included.
    /// </summary>
    internal static Dictionary<string, long> Inclusive(IEnumerable<string> dump)
    {
        var inclusive = new Dictionary<string, long>(StringComparer.Ordinal);
        string? function = null;
        foreach (string line in dump)
        {
            if (line.StartsWith("fn=", StringComparison.Ordinal))
            {
                // "bolt_seal(bolt_ctx*, ...) [clone .isra.0]" -> "bolt_seal"
                function = line[3..];
                int paren = function.IndexOf('(', StringComparison.Ordinal);
                function = paren < 0 ? function : function[..paren];
            }
            else if (function is not null && line.Length > 0 && (char.IsDigit(line[0]) || line[0] is '+' or '-' or '*'))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2 && function.StartsWith("bolt_", StringComparison.Ordinal))
                {
                    inclusive[function] = inclusive.GetValueOrDefault(function) + long.Parse(parts[1], CultureInfo.InvariantCulture);
                }
            }
        }

        return inclusive;
    }
}

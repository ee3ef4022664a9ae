using System.Text;
using Bolt.Core.Trace;
using Bolt.Security.Workloads;

namespace Bolt.Security.Features;

/// <summary>
/// Per-op features of a host-visible trace: everything below is computed from rows with op ≥ 0 alone (what
/// the adversary sees), except <see cref="KeyRevisitsPage"/>, which uses the workload's ground truth.
/// </summary>
public sealed class OpFeatures
{
    /// <summary>Ops looked back on by <see cref="Revisit"/>.</summary>
    public const int RevisitWindow = 32;

    /// <summary>Earlier ops looked back on by <see cref="InFlight"/>: twice the deepest pipeline.</summary>
    public const int InFlightWindow = 64;

    private OpFeatures(int ops)
    {
        Touches = new long[ops];
        Patterns = new string[ops];
        Bytes = new long[ops];
        FirstPage = new int[ops];
        SecondPage = new int[ops];
        Duration = new long[ops];
        Gap = new long[Math.Max(0, ops - 1)];
        ReadAfterWrite = new bool[Math.Max(0, ops - 1)];
        SharesPageWithPrevious = new bool[Math.Max(0, ops - 1)];
        InFlight = new int[ops];
        Revisit = new bool[ops];
    }

    /// <summary>Page reads and writes (R and W rows) per op.</summary>
    public long[] Touches { get; }

    /// <summary>The op's rows as "kind:bytes" in issue order (CMD and RSP included): its shape on the bus.</summary>
    public string[] Patterns { get; }

    /// <summary>Bytes moved per op, every row counted.</summary>
    public long[] Bytes { get; }

    /// <summary>The page of the op's first read (the flush page), −1 if none.</summary>
    public int[] FirstPage { get; }

    /// <summary>The page of the op's second read (the fetch page), −1 if none.</summary>
    public int[] SecondPage { get; }

    /// <summary>Cycles from the op's first page transaction to its last.</summary>
    public long[] Duration { get; }

    /// <summary>Cycles between the first page transactions of consecutive ops.</summary>
    public long[] Gap { get; }

    /// <summary>Op t+1 reads a page op t wrote.</summary>
    public bool[] ReadAfterWrite { get; }

    /// <summary>Op t+1 touches a page op t touched (a same-page collision between consecutive ops in the pipeline).</summary>
    public bool[] SharesPageWithPrevious { get; }

    /// <summary>
    /// Earlier ops still in flight when the op's first page transaction is issued (their last page transaction is
    /// later): the pipeline's occupancy as the host sees it.
    /// </summary>
    public int[] InFlight { get; }

    /// <summary>The op reads a page some op of the previous <see cref="RevisitWindow"/> read.</summary>
    public bool[] Revisit { get; }

    /// <summary>Oracle: among ops whose key was accessed before, whether the op reads a page that key's previous op touched.</summary>
    public List<bool> KeyRevisitsPage { get; } = [];

    /// <summary>Reads per host page over the run.</summary>
    public long[] PageReads { get; private set; } = [];

    /// <summary>Extracts the features of one run.</summary>
    public static OpFeatures Extract(WorkloadRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        int ops = run.Ops.Count;
        var f = new OpFeatures(ops) { PageReads = new long[run.HostPages] };
        var reads = new List<int>[ops];
        var writes = new List<int>[ops];
        var start = new long[ops];
        var end = new long[ops];
        var patterns = new StringBuilder[ops];
        for (int t = 0; t < ops; t++)
        {
            reads[t] = new List<int>(2);
            writes[t] = new List<int>(2);
            start[t] = -1;
            patterns[t] = new StringBuilder(40);
            f.FirstPage[t] = -1;
            f.SecondPage[t] = -1;
        }

        foreach (var row in run.Rows)
        {
            int t = (int)row.Op;
            f.Bytes[t] += row.Bytes;
            patterns[t].Append(CsvTraceWriter.KindName(row.Kind)).Append(':').Append(row.Bytes).Append(' ');
            if (row.Kind is not (TraceKind.R or TraceKind.W))
            {
                continue;
            }

            int page = (int)(row.Address / run.PageBytes);
            f.Touches[t]++;
            start[t] = start[t] < 0 ? row.Cycle : start[t];
            f.Duration[t] = Math.Max(f.Duration[t], row.Cycle - start[t]);
            end[t] = Math.Max(end[t], row.Cycle);
            if (row.Kind == TraceKind.R)
            {
                reads[t].Add(page);
                f.PageReads[page]++;
            }
            else
            {
                writes[t].Add(page);
            }
        }

        var lastRead = new Dictionary<int, int>();
        var lastOfKey = new Dictionary<long, int>();
        for (int t = 0; t < ops; t++)
        {
            f.Patterns[t] = patterns[t].ToString();
            f.FirstPage[t] = reads[t].Count > 0 ? reads[t][0] : -1;
            f.SecondPage[t] = reads[t].Count > 1 ? reads[t][1] : -1;
            if (t > 0)
            {
                f.Gap[t - 1] = start[t] - start[t - 1];
                f.ReadAfterWrite[t - 1] = reads[t].Exists(writes[t - 1].Contains);
                f.SharesPageWithPrevious[t - 1] = reads[t].Exists(p => reads[t - 1].Contains(p) || writes[t - 1].Contains(p));
            }

            for (int u = Math.Max(0, t - InFlightWindow); u < t; u++)
            {
                f.InFlight[t] += start[t] >= 0 && end[u] > start[t] ? 1 : 0;
            }

            foreach (int page in reads[t])
            {
                f.Revisit[t] |= lastRead.TryGetValue(page, out int seen) && t - seen <= RevisitWindow;
            }

            foreach (int page in reads[t])
            {
                lastRead[page] = t;
            }

            long key = run.Ops[t].Key;
            if (lastOfKey.TryGetValue(key, out int previous))
            {
                f.KeyRevisitsPage.Add(reads[t].Exists(p => reads[previous].Contains(p) || writes[previous].Contains(p)));
            }

            lastOfKey[key] = t;
        }

        return f;
    }
}

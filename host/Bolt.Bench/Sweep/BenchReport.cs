using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bolt.Bench.Sweep;

/// <summary>Writes a sweep's rows as CSV (one line per rule and point) and JSON (an array of the same objects, snake_case).</summary>
public static class BenchReport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes bench.csv and bench.json into <paramref name="directory"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<BenchRow> rows, string directory)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Directory.CreateDirectory(directory);
        string csv = Path.Combine(directory, "bench.csv");
        string json = Path.Combine(directory, "bench.json");
        File.WriteAllLines(csv, rows.Select(r => r.ToCsv()).Prepend(BenchRow.CsvHeader));
        File.WriteAllText(json, JsonSerializer.Serialize(rows, Json));
        return [csv, json];
    }

    /// <summary>Reads rows back from a bench.csv (to redraw plots without rerunning).</summary>
    public static IReadOnlyList<BenchRow> ReadCsv(string path)
    {
        var rows = new List<BenchRow>();
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            static double D(string s) => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
            static long L(string s) => long.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
            rows.Add(new BenchRow
            {
                Axis = f[0],
                Rule = f[1],
                Capacity = (int)L(f[2]),
                ValueSize = (int)L(f[3]),
                HbmFraction = D(f[4]),
                BinFactor = (int)L(f[5]),
                Batch = (int)L(f[6]),
                Ops = L(f[7]),
                Mismatches = L(f[8]),
                LatencyMeanUs = D(f[9]),
                LatencyP99Us = D(f[10]),
                ThroughputOpsPerSecond = D(f[11]),
                InitModeledSeconds = D(f[12]),
                WallOpsPerSecond = D(f[13]),
                InitWallSeconds = D(f[14]),
                HostBytesPerOp = D(f[15]),
                PageBytesPerOp = D(f[16]),
                HbmBytesPerOp = D(f[17]),
                PagesTouchedPerOp = D(f[18]),
                PeakMemoryBytes = L(f[19]),
                CpuMicrosecondsPerOp = f.Length > 20 ? D(f[20]) : 0,
            });
        }

        return rows;
    }
}

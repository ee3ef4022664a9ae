using Bolt.Security.Experiments;
using Bolt.Security.Tamper;

namespace Bolt.Cli.Commands;

/// <summary>The JSON object `bolt leakage --json` prints (snake_case keys).</summary>
internal static class LeakageJson
{
    public static Dictionary<string, object?> Create(LeakageReport report, TamperOutcome? tamper) => new()
    {
        ["capacity"] = report.Options.Capacity,
        ["ops"] = report.Options.Ops,
        ["seed"] = report.Options.Seed,
        ["alpha"] = report.Options.Alpha,
        ["correction"] = $"holm over {report.Tests.Count} tests",
        ["permutations"] = report.Options.Permutations,
        ["mismatches"] = report.Mismatches,
        ["tests"] = report.Tests.Select(t => new Dictionary<string, object>
        {
            ["name"] = t.Name,
            ["pair"] = t.Pair,
            ["feature"] = t.Feature,
            ["adversary"] = t.Adversary,
            ["method"] = t.Method,
            ["statistic"] = t.Statistic,
            ["p_value"] = t.PValue,
            ["holm_p_value"] = t.AdjustedPValue,
            ["verdict"] = t.Verdict,
            ["detail"] = t.Detail,
        }).ToList(),
        ["controls"] = report.Controls.Select(c => new Dictionary<string, object>
        {
            ["name"] = c.Name,
            ["leak"] = c.Leak,
            ["pair"] = c.Pair,
            ["detected"] = c.Detected,
            ["power"] = c.Power,
            ["replicates"] = c.Replicates,
            ["strongest_feature"] = c.StrongestFeature,
            ["min_p_value"] = c.MinPValue,
            ["rejecting_tests"] = c.RejectingTests,
        }).ToList(),
        ["tamper"] = tamper is null ? null : new Dictionary<string, object>
        {
            ["attacks"] = tamper.Attacks,
            ["detected"] = tamper.Detected,
            ["undetected"] = tamper.Undetected,
            ["false_alarms"] = tamper.FalseAlarms,
            ["wrong_values"] = tamper.WrongValues,
            ["final_mismatches"] = tamper.FinalMismatches,
            ["accesses"] = tamper.Accesses,
            ["recovered"] = tamper.Recovered,
            ["state_changes"] = tamper.StateChanges,
            ["sessions"] = tamper.Sessions,
            ["device_rejections"] = tamper.DeviceRejections,
            ["device_retransmissions"] = tamper.DeviceRetransmissions,
            ["by_kind"] = tamper.ByKind.ToDictionary(k => k.Key, k => new { attacks = k.Value.Attacks, detected = k.Value.Detected, verdicts = k.Value.Verdicts }),
            ["passed"] = tamper.Passed,
        },
        ["all_passed"] = report.AllPassed,
        ["all_controls_detected"] = report.AllControlsDetected,
        ["has_power"] = report.HasPower,
        ["verdict"] = report.Verdict,
        ["tamper_passed"] = tamper?.Passed,
    };
}

using Bolt.Security.Experiments;
using Bolt.Security.Games;
using Bolt.Security.Tamper;

namespace Bolt.Cli.Commands;

/// <summary>The JSON object `bolt leakage --json` prints (snake_case keys).</summary>
internal static class LeakageJson
{
    public static Dictionary<string, object?> Create(LeakageReport report, ActiveGamesReport? active, TamperOutcome? tamper, Bolt.Security.Exposure.BufferExposureOutcome? exposure = null) => new()
    {
        ["capacity"] = report.Options.Capacity,
        ["ops"] = report.Options.Ops,
        ["seed"] = report.Options.Seed,
        ["alpha"] = report.Options.Alpha,
        ["correction"] = $"holm over {report.Tests.Count} tests",
        ["permutations"] = report.Options.Permutations,
        ["mismatches"] = report.Mismatches,
        ["tests"] = TestRows(report.Tests),
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
        ["active"] = active is null ? null : Active(active),
        ["opencl_exposure"] = exposure is null ? null : new Dictionary<string, object>
        {
            ["buffers_scanned"] = exposure.Buffers,
            ["secrets_found"] = exposure.SealedFindings,
            ["control_detected"] = exposure.ControlDetected,
            ["passed"] = exposure.Passed,
        },
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
            ["linked_after_detection"] = tamper.LinkedAfterDetection,
            ["served_after_detection"] = tamper.ServedAfterDetection,
            ["accesses_after_detection"] = tamper.AccessesAfterDetection,
            ["restarts"] = tamper.Restarts,
            ["by_kind"] = tamper.ByKind.ToDictionary(k => k.Key, k => new { attacks = k.Value.Attacks, detected = k.Value.Detected, verdicts = k.Value.Verdicts }),
            ["passed"] = tamper.Passed,
        },
        ["all_passed"] = report.AllPassed && (active?.AllPassed ?? true),
        ["all_controls_detected"] = report.AllControlsDetected && (active?.AllControlsDetected ?? true),
        ["has_power"] = report.HasPower,
        ["verdict"] = report.Verdict,
        ["tamper_passed"] = tamper?.Passed,
    };

    private static List<Dictionary<string, object>> TestRows(IEnumerable<TestOutcome> tests) => tests.Select(t => new Dictionary<string, object>
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
    }).ToList();

    private static Dictionary<string, object?> Active(ActiveGamesReport active) => new()
    {
        ["capacity"] = active.Options.Capacity,
        ["ops"] = active.Options.Ops,
        ["corrupt_every"] = active.Options.CorruptEvery,
        ["window"] = active.Options.Window,
        ["restart_ops"] = active.Options.RestartOps,
        ["correction"] = $"holm over {active.Tests.Count} tests",
        ["mismatches"] = active.Mismatches,
        ["tests"] = TestRows(active.Tests),
        ["selective_failure"] = active.Linkage.Select(l => new Dictionary<string, object>
        {
            ["comparison"] = l.Comparison,
            ["aborted_a"] = l.AbortedA,
            ["reappeared_a"] = l.ReappearedA,
            ["aborted_b"] = l.AbortedB,
            ["reappeared_b"] = l.ReappearedB,
            ["corruptions"] = l.Corruptions,
            ["lifetimes"] = l.Lifetimes,
            ["refused"] = l.Refused,
        }).ToList(),
        ["restart"] = new Dictionary<string, object>
        {
            ["ops"] = active.Restart.Ops,
            ["equal_pairs"] = active.Restart.EqualPairs,
            ["equal_headers"] = active.Restart.EqualHeaders,
            ["compared_blocks"] = active.Restart.ComparedBlocks,
            ["equal_blocks"] = active.Restart.EqualBlocks,
            ["host_resident"] = active.Restart.HostResident,
            ["recovered"] = active.Restart.Recovered,
        },
        ["dummy_bias"] = active.Bias.Select(b => new Dictionary<string, object>
        {
            ["capacity"] = b.Capacity,
            ["bin_factor"] = b.BinFactor,
            ["host_pages"] = b.HostPages,
            ["total_variation"] = b.TotalVariation,
            ["ops_to_distinguish"] = double.IsInfinity(b.OpsToDistinguish) ? double.MaxValue : b.OpsToDistinguish,
        }).ToList(),
        ["controls"] = active.Controls.Select(c => new Dictionary<string, object?>
        {
            ["name"] = c.Name,
            ["leak"] = c.Leak,
            ["game"] = c.Game,
            ["detected"] = c.Detected,
            ["deciding"] = c.Deciding,
            ["p_value"] = double.IsNaN(c.PValue) ? null : c.PValue,
            ["evidence"] = c.Evidence,
        }).ToList(),
        ["passed"] = active.AllPassed,
        ["controls_detected"] = active.AllControlsDetected,
        ["verdict"] = active.Verdict,
    };
}

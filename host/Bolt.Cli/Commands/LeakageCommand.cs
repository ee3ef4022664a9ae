using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bolt.Security.Experiments;
using Bolt.Security.Exposure;
using Bolt.Bench.Plots;
using Bolt.Security.Games;
using Bolt.Security.Tamper;
using Spectre.Console;

namespace Bolt.Cli.Commands;

/// <summary>
/// `bolt leakage`: the security reviewers' suite — distinguishing games between workload pairs on the
/// simulator, positive controls that must be caught, and the host-memory tamper campaign.
/// </summary>
internal static class LeakageCommand
{
    public static Command Create()
    {
        var capacity = new Option<int>("--capacity") { Description = "Capacity N of every map", DefaultValueFactory = _ => 1 << 16 };
        var ops = new Option<long>("--ops") { Description = "Ops per workload (both sides of each pair)", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<long>("--seed") { Description = "Suite seed: every device and workload seed derives from it", DefaultValueFactory = _ => 1 };
        var alpha = new Option<double>("--alpha") { Description = "Family-wise significance level (Holm over every real comparison)", DefaultValueFactory = _ => 0.01 };
        var replicates = new Option<int>("--control-replicates") { Description = "Independent runs of each positive control (its power)", DefaultValueFactory = _ => 3 };
        var tamper = new Option<int>("--tamper") { Description = "Attacks in the tamper campaign (0 to skip)", DefaultValueFactory = _ => 10_000 };
        var activeOps = new Option<long>("--active-ops") { Description = "Ops per side of each selective-failure comparison (0 skips the active games)", DefaultValueFactory = _ => 200_000 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables" };
        var exposure = new Option<bool>("--opencl-exposure") { Description = "Also check that the OpenCL kernel's host-visible buffers hold no key, digest or value after a sealed workload (needs an OpenCL platform)" };
        var plots = new Option<string?>("--plots") { Description = "Write the page-histogram and duration plots of every pair here (PNG and SVG, named after the pair)" };
        var command = new Command("leakage", "Run the leakage experiments, the positive controls and the tamper campaign on the simulator")
        {
            capacity, ops, seed, alpha, replicates, tamper, activeOps, json, plots, exposure,
        };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var options = new LeakageSuiteOptions
            {
                Capacity = result.GetValue(capacity),
                Ops = result.GetValue(ops),
                Seed = result.GetValue(seed),
                Alpha = result.GetValue(alpha),
                ControlReplicates = result.GetValue(replicates),
            };
            Validate(options, result.GetValue(tamper), result.GetValue(activeOps));
            string? plotDirectory = result.GetValue(plots) is { } dir ? OutputPaths.PrepareDirectory(dir, "--plots") : null;
            bool quiet = result.GetValue(json);
            var suite = new LeakageSuite(options);
            var report = Progress.Run(quiet, suite.TotalWork, "leakage", suite.Run);
            ActiveGamesReport? active = null;
            if (result.GetValue(activeOps) > 0)
            {
                var gameOptions = new ActiveGamesOptions { Ops = result.GetValue(activeOps), Seed = options.Seed, Alpha = options.Alpha };
                active = Progress.Run(quiet, 1, "active games", p =>
                {
                    var games = new ActiveGames(gameOptions).Run();
                    p?.Report(1);
                    return games;
                });
            }

            TamperOutcome? campaign = null;
            int attacks = result.GetValue(tamper);
            if (attacks > 0)
            {
                var tamperOptions = new TamperCampaignOptions { Attacks = attacks, Seed = options.Seed };
                campaign = Progress.Run(quiet, attacks, "tamper", p => new TamperCampaign(tamperOptions).Run(p));
            }

            BufferExposureOutcome? exposed = result.GetValue(exposure) ? Progress.Run(quiet, 1, "opencl exposure", p =>
            {
                var outcome = BufferExposureCheck.Run();
                p?.Report(1);
                return outcome;
            }) : null;

            if (plotDirectory is not null)
            {
                var written = LeakagePlots.Write(report, plotDirectory);
                if (!quiet)
                {
                    Console.WriteLine($"plots: {plotDirectory} ({written})");
                }
            }

            if (quiet)
            {
                Console.WriteLine(JsonSerializer.Serialize(LeakageJson.Create(report, active, campaign, exposed)));
            }
            else
            {
                WriteTables(report, active, campaign);
                if (exposed is not null)
                {
                    Console.WriteLine($"opencl host-visible buffers: {exposed.Buffers} scanned, {exposed.SealedFindings.Count} secrets found after a sealed workload"
                        + $" ({string.Join("; ", exposed.SealedFindings.Take(3))}); plaintext-port control detected: {(exposed.ControlDetected ? "yes" : "NO")}");
                }
            }

            bool ok = report.AllPassed && report.AllControlsDetected && (active is null || (active.AllPassed && active.AllControlsDetected)) && (campaign?.Passed ?? true)
                && (exposed?.Passed ?? true);
            return ok ? ExitCodes.Ok : ExitCodes.CheckFailed;
        }));
        return command;
    }

    private static void Validate(LeakageSuiteOptions options, int attacks, long activeOps)
    {
        if (activeOps is < 0 or (> 0 and < 1000))
        {
            throw new Core.BoltConfigurationException("--active-ops", $"--active-ops = {activeOps} must be 0 (skip) or at least 1000.");
        }

        if (options.Ops < 1000)
        {
            throw new Core.BoltConfigurationException("--ops", $"--ops = {options.Ops} is too few for the tests; use at least 1000.");
        }

        if (options.Alpha is <= 0 or >= 1 || double.IsNaN(options.Alpha))
        {
            throw new Core.BoltConfigurationException("--alpha", $"--alpha = {options.Alpha} must be in (0, 1).");
        }

        if (options.ControlReplicates < 1)
        {
            throw new Core.BoltConfigurationException("--control-replicates", "--control-replicates must be at least 1.");
        }

        if (attacks < 0)
        {
            throw new Core.BoltConfigurationException("--tamper", "--tamper must not be negative.");
        }

        _ = options.Parameters; // Throws a BoltConfigurationException naming a bad --capacity.
    }

    private static void WriteTables(LeakageReport report, ActiveGamesReport? active, TamperOutcome? campaign)
    {
        var tests = new Table().Title($"distinguishing games: N = {report.Options.Capacity}, {report.Options.Ops} ops per side, α = {report.Options.Alpha} (Holm over {report.Tests.Count})")
            .AddColumn("pair").AddColumn("feature").AddColumn("test").AddColumn(new TableColumn("statistic").RightAligned())
            .AddColumn(new TableColumn("p").RightAligned()).AddColumn(new TableColumn("Holm p").RightAligned()).AddColumn("verdict");
        foreach (var t in report.Tests)
        {
            string feature = t.Adversary == "oracle" ? t.Feature + " [oracle]" : t.Feature;
            tests.AddRow(Markup.Escape(t.Pair), Markup.Escape(feature), t.Method, Num(t.Statistic), Num(t.PValue), Num(t.AdjustedPValue),
                t.Distinguished ? "[red]DISTINGUISHED[/]" : "[green]indistinguishable[/]");
        }

        AnsiConsole.Write(tests);
        var controls = new Table().Title($"positive controls (detected: some p ≤ α/m = {Num(report.Options.Alpha / report.Options.FamilySize)} in every replicate)")
            .AddColumn("control").AddColumn("pair").AddColumn("strongest feature").AddColumn(new TableColumn("min p").RightAligned())
            .AddColumn(new TableColumn("rejecting").RightAligned()).AddColumn(new TableColumn("power").RightAligned()).AddColumn("detected");
        foreach (var c in report.Controls)
        {
            controls.AddRow(Markup.Escape(c.Name), Markup.Escape(c.Pair), Markup.Escape(c.StrongestFeature), Num(c.MinPValue),
                $"{c.RejectingTests}/{PairTests.Count}", $"{c.Power:P0} of {c.Replicates}", c.Detected ? "[green]yes[/]" : "[red]MISSED[/]");
        }

        AnsiConsole.Write(controls);
        if (active is not null)
        {
            ActiveGamesTables.Write(active);
        }

        if (campaign is not null)
        {
            AnsiConsole.Write(TamperTable(campaign));
        }

        AnsiConsole.MarkupLine($"mismatches: {report.Mismatches}; all passed: {Flag(report.AllPassed)}; all controls detected: {Flag(report.AllControlsDetected)}"
            + (active is null ? string.Empty : $"; active games passed: {Flag(active.AllPassed)}; their controls detected: {Flag(active.AllControlsDetected)}")
            + (campaign is null ? string.Empty : $"; tamper campaign passed: {Flag(campaign.Passed)}"));
        AnsiConsole.MarkupLine($"verdict: {Markup.Escape(report.Verdict)}");
        if (active is not null)
        {
            AnsiConsole.MarkupLine($"active games verdict: {Markup.Escape(active.Verdict)}");
        }
    }

    private static Table TamperTable(TamperOutcome o)
    {
        var table = new Table().Title($"tamper campaign: {o.Attacks} attacks on host memory and the sealed channel, {o.Accesses} accesses, {o.Sessions} sessions")
            .AddColumn("attack").AddColumn(new TableColumn("made").RightAligned()).AddColumn(new TableColumn("detected").RightAligned()).AddColumn("reported as");
        foreach (var (kind, k) in o.ByKind)
        {
            table.AddRow(kind, k.Attacks.ToString(CultureInfo.InvariantCulture), k.Detected.ToString(CultureInfo.InvariantCulture),
                string.Join(", ", k.Verdicts.Select(v => $"{v.Key} {v.Value}")));
        }

        table.AddRow("[bold]all[/]", o.Attacks.ToString(CultureInfo.InvariantCulture), o.Detected.ToString(CultureInfo.InvariantCulture), string.Empty);
        table.Caption($"undetected {o.Undetected}, false alarms {o.FalseAlarms}, state changes by rejected frames {o.StateChanges}, wrong values {o.WrongValues}, "
            + $"recovered {o.Recovered}, final read-back mismatches {o.FinalMismatches}, frames the device rejected {o.DeviceRejections}, retransmissions it answered from its cache {o.DeviceRetransmissions}; "
            + $"after a host-memory detection: aborted page pair touched again {o.LinkedAfterDetection}, same lifetime served more {o.ServedAfterDetection} (accesses {o.AccessesAfterDetection}), device restarts {o.Restarts}");
        return table;
    }

    internal static string Flag(bool ok) => ok ? "[green]yes[/]" : "[red]NO[/]";

    internal static string Num(double x) => x is 0 or (>= 1e-3 and < 1e6) ? x.ToString("0.####", CultureInfo.InvariantCulture) : x.ToString("0.##e+0", CultureInfo.InvariantCulture);
}

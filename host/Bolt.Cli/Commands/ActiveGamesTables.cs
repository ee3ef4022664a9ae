using System.Globalization;
using Bolt.Security.Games;
using Spectre.Console;

namespace Bolt.Cli.Commands;

/// <summary>The active games' tables of `bolt leakage`: verdict rows, the figures behind them, and the controls.</summary>
internal static class ActiveGamesTables
{
    public static void Write(ActiveGamesReport report)
    {
        var o = report.Options;
        var tests = new Table().Title($"active games: N = {o.Capacity}, {o.Ops} ops per side, one page corrupted before every {o.CorruptEvery}th batch, α = {o.Alpha} (Holm over {report.Tests.Count})")
            .AddColumn("game: comparison").AddColumn("feature").AddColumn("test").AddColumn(new TableColumn("p").RightAligned())
            .AddColumn(new TableColumn("Holm p").RightAligned()).AddColumn("detail").AddColumn("verdict");
        foreach (var t in report.Tests)
        {
            tests.AddRow(Markup.Escape(t.Pair), Markup.Escape(t.Feature), t.Method, LeakageCommand.Num(t.PValue), LeakageCommand.Num(t.AdjustedPValue),
                Markup.Escape(t.Detail), t.Distinguished ? "[red]DISTINGUISHED[/]" : "[green]indistinguishable[/]");
        }

        var worst = report.WorstBias;
        var r = report.Restart;
        tests.Caption(string.Create(CultureInfo.InvariantCulture,
            $"restart: equal pairs {r.EqualPairs}/{r.Ops}, equal page nonces {r.EqualHeaders}, equal ciphertext blocks {r.EqualBlocks}/{r.ComparedBlocks}, items read in clear {r.Recovered}/{r.HostResident}; "
            + $"dummy-page bias: worst TV {worst.TotalVariation:g3} at N = {worst.Capacity}, c = {worst.BinFactor} (bound 2^-32), ~{worst.OpsToDistinguish:g2} ops to distinguish"));
        AnsiConsole.Write(tests);

        var linkage = new Table().Title("selective failure: aborted ops whose page pair reappeared")
            .AddColumn("comparison").AddColumn(new TableColumn("side A").RightAligned()).AddColumn(new TableColumn("side B").RightAligned())
            .AddColumn(new TableColumn("corruptions").RightAligned()).AddColumn(new TableColumn("lifetimes").RightAligned()).AddColumn(new TableColumn("refused ops").RightAligned());
        foreach (var l in report.Linkage)
        {
            linkage.AddRow(Markup.Escape(l.Comparison), Share(l.ReappearedA, l.AbortedA), Share(l.ReappearedB, l.AbortedB),
                l.Corruptions.ToString(CultureInfo.InvariantCulture), l.Lifetimes.ToString(CultureInfo.InvariantCulture), l.Refused.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(linkage);

        var bias = new Table().Title("dummy-page bias: exact total variation, miss's dummy page vs hit's touched page")
            .AddColumn(new TableColumn("N").RightAligned()).AddColumn(new TableColumn("c").RightAligned()).AddColumn(new TableColumn("H").RightAligned())
            .AddColumn(new TableColumn("TV").RightAligned()).AddColumn(new TableColumn("ops to distinguish").RightAligned());
        foreach (var b in report.Bias)
        {
            bias.AddRow(b.Capacity.ToString(CultureInfo.InvariantCulture), b.BinFactor.ToString(CultureInfo.InvariantCulture), b.HostPages.ToString(CultureInfo.InvariantCulture),
                b.TotalVariation.ToString("g3", CultureInfo.InvariantCulture), b.OpsToDistinguish.ToString("g3", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(bias);

        var controls = new Table().Title($"active games' positive controls (statistical: p ≤ α/m = {LeakageCommand.Num(o.Alpha / report.Tests.Count)})")
            .AddColumn("control").AddColumn("game").AddColumn("deciding").AddColumn(new TableColumn("p").RightAligned()).AddColumn("evidence").AddColumn("detected");
        foreach (var c in report.Controls)
        {
            controls.AddRow(Markup.Escape(c.Name), Markup.Escape(c.Game), Markup.Escape(c.Deciding), double.IsNaN(c.PValue) ? "exact" : LeakageCommand.Num(c.PValue),
                Markup.Escape(c.Evidence), c.Detected ? "[green]yes[/]" : "[red]MISSED[/]");
        }

        AnsiConsole.Write(controls);
    }

    private static string Share(long yes, long of) =>
        string.Create(CultureInfo.InvariantCulture, $"{yes}/{of} ({(of == 0 ? 0 : (double)yes / of):0.00})");
}

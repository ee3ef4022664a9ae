using System.CommandLine;
using System.Globalization;
using Bolt.Core;
using Bolt.OpenCl;
using Bolt.Sim;
using Bolt.Sim.Timing;
using Bolt.Sim.Timing.Platforms;
using Spectre.Console;

namespace Bolt.Cli.Commands;

/// <summary>`bolt info`: the parameters and derived sizes of a configuration.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var options = new WorkloadOptions();
        var command = new Command("info", "Show the parameters and derived sizes of a map configuration");
        options.AddTo(command, workload: false);
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var p = options.Parameters(result);
            var platform = AlveoU55C.Preset;
            var table = new Table().AddColumn("parameter").AddColumn(new TableColumn("value").RightAligned()).AddColumn("meaning");
            void Row(string name, object value, string meaning) => table.AddRow(name, Convert.ToString(value, CultureInfo.InvariantCulture)!, meaning);
            Row("N", p.Capacity, "capacity (items)");
            Row("c", p.BinFactor, "bin factor");
            Row("α", p.HbmFraction, "HBM fraction");
            Row("V", p.ValueSize, "maximum value bytes");
            Row("M", p.Bins, "bins");
            Row("K", p.HbmBins, "HBM bins");
            Row("H", p.HostPages, "host pages");
            Row("l_max", p.SlotsPerBin, "slots per bin (c + ⌈log2 log2 N⌉ + 1)");
            Row("slot bytes", p.SlotBytes, "digest + meta + value, padded to 16");
            Row("page bytes", p.PageBytes, "header + slots + tag");
            Row("host region", $"{p.HostBytes / 1048576.0:F1} MiB", "sealed pages in host memory");
            Row("E", p.EvictionBufferBound, "eviction-buffer bound (1+α)H/2 + l_max·√(H ln N)");
            Row("HBM item bound", Math.Round(p.HbmItemBound), "K·c + l_max·√(K ln N)");
            Row("R", p.RecordCapacity, "HBM records (K·l_max + E + S)");
            Row("P", p.PositionSlots, "position-map slots");
            Row("command bytes", p.CommandBytes, "one command record");
            Row("response bytes", p.ResponseBytes, "one response record");
            Row("host bytes / op", 4 * p.PageBytes, "2 page touches, each read + write");
            Row("platform", platform.Name, $"{platform.KernelClockHz / 1e6} MHz kernel clock");
            AnsiConsole.Write(table);
            WriteHbmPlan(p, platform);
            var sim = SimulatorFootprint.Of(p);
            AnsiConsole.MarkupLine($"simulator memory on this machine: {Mib(sim.TotalBytes)} (host region {Mib(sim.HostBytes)}, position map {Mib(sim.PositionMapBytes)}, records {Mib(sim.RecordBytes)}, lists {Mib(sim.ListBytes)}); {Mib(SimulatorFootprint.AvailableBytes())} available");
            return 0;
        }));
        return command;
    }

    /// <summary>The kernel's HBM buffers on the platform's pseudo-channels: bytes, channels, bank, and the verdict.</summary>
    private static void WriteHbmPlan(BoltParameters p, PlatformPreset platform)
    {
        var plan = HbmPlan.For(p, platform);
        var table = new Table().Title($"HBM on {platform.Name}: {platform.HbmPseudoChannels} pseudo-channels × {Mib(platform.HbmChannelBytes)}")
            .AddColumn("kernel port").AddColumn(new TableColumn("bytes").RightAligned()).AddColumn(new TableColumn("channels").RightAligned())
            .AddColumn("connectivity.cfg").AddColumn("holds");
        foreach (var buffer in plan.Buffers)
        {
            string channels = buffer.Channels > 1 ? $"[yellow]{buffer.Channels}[/]" : "1";
            table.AddRow(buffer.Port, Mib(buffer.Bytes), channels, Markup.Escape($"sp=bolt_kernel_1.{buffer.Port}:{buffer.Bank}"), Markup.Escape(buffer.Holds));
        }

        AnsiConsole.Write(table);
        string verdict = plan.Fits ? "[green]fits[/]" : "[red]does not fit[/]";
        var spanning = plan.Buffers.Where(b => b.Channels > 1).Select(b => $"{b.Port} ({b.Channels})").ToList();
        AnsiConsole.MarkupLine($"HBM total {Mib(plan.TotalBytes)} on {plan.ChannelsUsed} of {plan.PlatformChannels} pseudo-channels: {verdict} on the {platform.Name}"
            + (spanning.Count > 0 ? $"; spanning several channels: {string.Join(", ", spanning)}" : "; every buffer fits one channel"));
    }

    private static string Mib(long bytes) => bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):F2} GiB" : $"{bytes / (double)(1L << 20):F2} MiB";
}

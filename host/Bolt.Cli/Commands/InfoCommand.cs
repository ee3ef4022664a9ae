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
        var preset = new Option<string?>("--platform") { Description = "A platform preset file (bolt calibrate --out) instead of the built-in u55c" };
        var command = new Command("info", "Show the parameters and derived sizes of a map configuration");
        options.AddTo(command, workload: false);
        command.Add(options.Batch);
        command.Add(preset);
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var p = options.Parameters(result);
            var platform = options.Platform(result, result.GetValue(preset) is { } file ? PlatformPresetFile.Load(file) : null);
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
            Row("slot (B)", p.SlotBytes, "digest + meta + value, padded to 16");
            Row("page (B)", p.PageBytes, "header + slots + tag");
            Row("host region", $"{p.HostBytes / 1048576.0:F1} MiB", "sealed pages in host memory");
            Row("E", p.EvictionBufferBound, "eviction-buffer bound (1+α)H/2 + l_max·√(H ln N)");
            Row("HBM item bound", Math.Round(p.HbmItemBound), "K·c + l_max·√(K ln N)");
            Row("R", p.RecordCapacity, "HBM records (K·l_max + E + S)");
            Row("P", p.PositionSlots, "position-map slots");
            Row("command record (B)", p.CommandBytes, "one request inside a command frame");
            Row("response record (B)", p.ResponseBytes, "one answer inside a response frame");
            int batch = options.BatchSize(result);
            double frameBytes = Figures.FrameBytesPerOp(p, batch);
            Row(Figures.PageBytes + " (B)", Figures.PageBytesPerOp(p), "2 sealed pages, each read and written back");
            Row(Figures.FrameBytes + " (B)", Math.Round(frameBytes, 1), $"sealed command + response record, frame header and tag shared by --batch {batch}");
            Row(Figures.HostBytes + " (B)", Math.Round(Figures.PageBytesPerOp(p) + frameBytes, 1), $"{Figures.PageBytes} + {Figures.FrameBytes}, as ycsb reports it");
            Row("platform", platform.Name, $"{platform.KernelClockHz / 1e6} MHz kernel clock");
            Row("HBM read latency", platform.HbmReadLatencyCycles, "cycles");
            Row("host link", $"{platform.PcieBytesPerSecond / 1e9:F2} GB/s", $"round trip {platform.PcieRoundTripNs:F0} ns");
            AnsiConsole.Write(table);
            WriteHbmPlan(p, platform);
            var sim = SimulatorFootprint.Of(p);
            AnsiConsole.MarkupLine($"simulator memory on this machine: {Mib(sim.TotalBytes)} (host region {Mib(sim.HostBytes)}, position map {Mib(sim.PositionMapBytes)}, records {Mib(sim.RecordBytes)}, lists {Mib(sim.ListBytes)}); {Mib(SimulatorFootprint.AvailableBytes())} available");
            return ExitCodes.Ok;
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

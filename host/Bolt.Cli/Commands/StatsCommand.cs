using System.CommandLine;
using System.Text.Json;
using Bolt.Remote;
using Spectre.Console;

namespace Bolt.Cli.Commands;

/// <summary>`bolt stats ADDR`: what a running daemon knows (clients, frames, ops, queue depth, device counters).</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var address = new Argument<string>("address") { Description = "The daemon: unix:PATH, a socket path, tcp:HOST:PORT or HOST:PORT" };
        var json = new Option<bool>("--json") { Description = "Print the daemon's JSON object as it came" };
        var command = new Command("stats", "Print a running daemon's counters: only what the host is allowed to know") { address, json };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            using var device = RemoteDevice.Connect(result.GetValue(address)!);
            string stats = device.QueryStatistics();
            if (result.GetValue(json))
            {
                Console.WriteLine(stats);
                return 0;
            }

            var table = new Table().AddColumn("counter").AddColumn(new TableColumn("value").RightAligned());
            using var document = JsonDocument.Parse(stats);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                table.AddRow(Markup.Escape(property.Name), Markup.Escape(property.Value.ToString()));
            }

            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }
}

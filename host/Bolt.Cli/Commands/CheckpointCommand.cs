using System.CommandLine;
using Bolt.Remote;

namespace Bolt.Cli.Commands;

/// <summary>`bolt checkpoint ADDR`: asks a durable daemon (`bolt serve --data DIR`) to take a checkpoint now and truncate its log.</summary>
internal static class CheckpointCommand
{
    public static Command Create()
    {
        var address = new Argument<string>("address") { Description = "The daemon: unix:PATH, a socket path, tcp:HOST:PORT or HOST:PORT" };
        var command = new Command("checkpoint", "Make a durable daemon take a checkpoint now (and truncate its log); prints its number, commit, size and time") { address };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            using var device = RemoteDevice.Connect(result.GetValue(address)!);
            Console.WriteLine(device.RequestCheckpoint());
            return 0;
        }));
        return command;
    }
}

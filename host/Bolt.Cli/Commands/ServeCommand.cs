using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using Bolt.Cli.Serving;
using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Core.Device;
using Bolt.OpenCl;
using Bolt.Remote;
using Bolt.Server;
using Bolt.Server.Durability;
using Bolt.Core.Durability;
using Bolt.Sim;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bolt.Cli.Commands;

/// <summary>
/// `bolt serve`: the host runtime as a daemon. It owns one device (the simulator, or the kernel through OpenCL) and
/// relays sealed frames between it and client enclaves in other processes over a Unix socket and TCP (docs/protocol.md).
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var map = new WorkloadOptions();
        var socket = new Option<string>("--socket") { Description = "Unix domain socket to listen on ('off' for none)", DefaultValueFactory = _ => DefaultSocketPath };
        var tcp = new Option<string>("--tcp") { Description = "TCP endpoint HOST:PORT to listen on ('off' for none); loopback unless you name another address", DefaultValueFactory = _ => $"127.0.0.1:{ServerAddress.DefaultPort}" };
        var device = new Option<string>("--device") { Description = "sim (the simulator) or opencl (the kernel through OpenCL)", DefaultValueFactory = _ => "sim" };
        var platform = new Option<string?>("--platform") { Description = "OpenCL platform name to pick (e.g. Portable, Xilinx)" };
        var xclbin = new Option<string?>("--xclbin") { Description = "A Vitis .xclbin for --device opencl on a U55C" };
        var sessionSlots = new Option<int>("--session-slots") { Description = "Sealed-channel sessions the device holds at once", DefaultValueFactory = _ => BoltParameters.DefaultSessionSlots };
        var maxClients = new Option<int>("--max-clients") { Description = "Clients served at once", DefaultValueFactory = _ => 256 };
        var inFlight = new Option<int>("--in-flight") { Description = "Requests one client may have waiting or unanswered", DefaultValueFactory = _ => 4 };
        var framesPerCall = new Option<int>("--frames-per-call") { Description = "Sealed frames of different clients per device call", DefaultValueFactory = _ => 64 };
        var awaitLoad = new Option<bool>("--await-load") { Description = "Start uninitialised and take the first client's sealed bulk load" };
        var seed = new Option<long?>("--seed") { Description = "Build the device key from this public number (insecure, for tests and demos); default: a fresh random key" };
        var keyFile = new Option<string>("--key-file") { Description = "Where to write the provisioning key clients need (owner-only; the stand-in for attestation)", DefaultValueFactory = _ => ProvisioningKeyFile.DefaultPath };
        var verbose = new Option<bool>("--verbose") { Description = "Log every connection (else warnings and lifecycle only)" };
        var data = new Option<string?>("--data") { Description = "Durable state in this directory (checkpoints, write-ahead log, host region): recover on start, lose no acknowledged write (docs/durability.md)" };
        var groupCommit = new Option<double>("--group-commit-delay") { Description = "With --data: ms a reply may wait for other calls to share its fsync (0..1000; latency for throughput)", DefaultValueFactory = _ => 1.0 };
        var checkpointEvery = new Option<long>("--checkpoint-every") { Description = "With --data: take a checkpoint and truncate the log every this many log records (0: only on request and at shutdown)", DefaultValueFactory = _ => 100_000 };
        var counterFile = new Option<string?>("--counter-file") { Description = "With --data: the monotonic counter's file (default DIR/counter; NOT rollback-proof, see docs/durability.md)" };
        var counterAtCheckpoints = new Option<bool>("--counter-at-checkpoints") { Description = "With --data: advance the counter at checkpoints only, not at every group commit (fewer counter writes; clients then catch a lost log tail)" };
        var archive = new Option<string?>("--archive") { Description = "With --data: move superseded checkpoints and log segments here instead of deleting them (an audit trail of the whole history)" };
        var deviceKeyFile = new Option<string?>("--device-key-file") { Description = "With --data: the file holding the device's root key (the simulator's, or the one the OpenCL kernel is provisioned with in development; default DIR/device.key; a real device keeps it fused)" };
        var command = new Command("serve", "Run the host runtime as a daemon: one device, many client enclaves, sealed frames only")
        {
            socket, tcp, device, platform, xclbin, sessionSlots, maxClients, inFlight, framesPerCall, awaitLoad, seed, keyFile, verbose,
            data, groupCommit, checkpointEvery, counterFile, counterAtCheckpoints, deviceKeyFile, archive,
        };
        map.AddTo(command, workload: false);
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var p = map.Parameters(result, result.GetValue(sessionSlots));
            var timing = map.Platform(result);
            string? dataDirectory = result.GetValue(data);
            var key = result.GetValue(seed) is { } number ? SimulatedDeviceOptions.InsecureFixedKey(number)
                : dataDirectory is not null ? SimulatedDeviceKeyFile.LoadOrCreate(result.GetValue(deviceKeyFile) ?? Path.Combine(dataDirectory, "device.key"))
                : RandomNumberGenerator.GetBytes(16);
            string kind = result.GetValue(device) ?? "sim";
            Func<IBoltDevice> create = kind switch
            {
                "sim" => () => new SimulatedDevice(new SimulatedDeviceOptions { Parameters = p, Seed = key, Platform = timing }),
                "opencl" => () => new OpenClDevice(new OpenClDeviceOptions { Parameters = p, Seed = key, Timing = timing, PlatformName = result.GetValue(platform), XclbinPath = result.GetValue(xclbin) }),
                _ => throw new BoltConfigurationException("device", $"--device = {kind} must be sim or opencl."),
            };
            var options = new BoltServerOptions
            {
                UnixSocketPath = Off(result.GetValue(socket)),
                TcpEndPoint = Off(result.GetValue(tcp)) is { } endpoint ? ParseEndPoint(endpoint) : null,
                MaxClients = result.GetValue(maxClients),
                InFlightPerClient = result.GetValue(inFlight),
                MaxFramesPerDeviceCall = result.GetValue(framesPerCall),
                AwaitLoad = result.GetValue(awaitLoad),
            };
            ProvisioningKeyFile.Write(result.GetValue(keyFile)!, ChannelKdf.ProvisioningKey(key));
            var level = result.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning;
            DurableStore? store = null;
            if (dataDirectory is not null)
            {
                var durability = new DurabilityOptions
                {
                    Directory = dataDirectory,
                    GroupCommitDelay = TimeSpan.FromMilliseconds(result.GetValue(groupCommit)),
                    CheckpointEveryRecords = result.GetValue(checkpointEvery),
                    Counter = new FileCounter(result.GetValue(counterFile) ?? Path.Combine(dataDirectory, "counter")),
                    CounterEveryCommit = !result.GetValue(counterAtCheckpoints),
                    ArchiveDirectory = result.GetValue(archive),
                };
                Directory.CreateDirectory(dataDirectory);
                IDurableDeviceFactory factory = kind == "sim"
                    ? new SimulatorDurableFactory(new SimulatedDeviceOptions { Parameters = p, Seed = key, Platform = timing })
                    : new OpenClDurableFactory(new OpenClDeviceOptions { Parameters = p, Seed = key, Timing = timing, PlatformName = result.GetValue(platform), XclbinPath = result.GetValue(xclbin) });
                store = DurableStore.Open(durability, factory, initialiseEmpty: !options.AwaitLoad);
                Console.WriteLine($"bolt serve: {store.Recovery}");
            }

            using var owned = store;
            using var host = store is null ? BoltServerHost.Build(options, create, level) : BoltServerHost.Build(options, store, level);
            host.Start();

            // One line on stdout when the daemon listens, so scripts and tests know when to connect.
            Console.WriteLine($"bolt serve: listening{(options.UnixSocketPath is null ? "" : $" on unix:{options.UnixSocketPath}")}{(options.TcpEndPoint is null ? "" : $" on tcp:{options.TcpEndPoint}")}");
            Console.Out.Flush();
            host.WaitForShutdown();
            return 0;
        }));
        return command;
    }

    private static string DefaultSocketPath => Path.Combine(Path.GetTempPath(), "bolt.sock");

    private static string? Off(string? value) => value is null or "off" or "" ? null : value;

    private static IPEndPoint ParseEndPoint(string text)
    {
        var address = ServerAddress.Parse(text.StartsWith("tcp:", StringComparison.Ordinal) ? text : "tcp:" + text);
        return address.EndPoint as IPEndPoint
            ?? throw new BoltConfigurationException("tcp", $"--tcp = {text} must be an IP address and port (names are not resolved for listening).");
    }
}

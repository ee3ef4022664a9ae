using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Bolt.Cli.Serving;
using Bolt.Client;
using Bolt.Workloads;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Core.Device;
using Bolt.Remote;
using Bolt.Sim;
using Spectre.Console;

namespace Bolt.Cli.Commands;

/// <summary>
/// `bolt demo`: what an enclave developer does with Bolt, end to end on the simulator. A map of a million keys
/// is created and bulk-loaded through the sealed channel, a mixed workload of gets, contains, puts (updates and
/// inserts, values of every length) and deletes runs through <see cref="ObliviousMap"/>, every answer is checked
/// against a reference, and the report shows the speed, the modeled device latency, and what the host saw.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var capacity = new Option<int>("--capacity") { Description = "Capacity N (items)", DefaultValueFactory = _ => 1 << 20 };
        var valueSize = new Option<int>("--value-size") { Description = "Maximum value length V in bytes", DefaultValueFactory = _ => 32 };
        var loadFactor = new Option<double>("--load-factor") { Description = "Share of the capacity loaded before the workload", DefaultValueFactory = _ => 0.9 };
        var ops = new Option<int>("--ops") { Description = "Operations in the mixed workload", DefaultValueFactory = _ => 50_000 };
        var batch = new Option<int>("--batch") { Description = "Requests per ObliviousMap batch call", DefaultValueFactory = _ => 64 };
        var seed = new Option<long>("--seed") { Description = "Seed of the workload (the device key is always fresh and random)", DefaultValueFactory = _ => 1 };
        var keyFile = new Option<string>("--key-file") { Description = "With --server: the provisioning key file the daemon wrote (the stand-in for attestation)", DefaultValueFactory = _ => ProvisioningKeyFile.DefaultPath };
        var server = new Option<string?>("--server") { Description = "Use a running `bolt serve` daemon (unix:PATH or HOST:PORT) instead of an embedded simulator; it loads the map only if the daemon waits for a load (--await-load)" };
        var command = new Command("demo", "Create a 1M-key map on the simulator, load it, run a mixed workload through the sealed channel, and report")
        {
            capacity, valueSize, loadFactor, ops, batch, seed, server, keyFile,
        };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var parameters = new BoltParameters(capacity: result.GetValue(capacity), valueSize: result.GetValue(valueSize));
            double factor = result.GetValue(loadFactor);
            if (factor is < 0 or > 1 || double.IsNaN(factor))
            {
                throw new BoltConfigurationException("--load-factor", $"--load-factor = {factor} must be in [0, 1].");
            }

            int opCount = Math.Max(0, result.GetValue(ops));
            int batchSize = result.GetValue(batch);
            if (batchSize is < 1 or > 4096)
            {
                throw new BoltConfigurationException("--batch", $"--batch = {batchSize} must be between 1 and 4096.");
            }

            if (result.GetValue(server) is { } address)
            {
                var provisioningKey = ProvisioningKeyFile.Read(result.GetValue(keyFile)!);
                return RunRemote(address, provisioningKey, factor, opCount, batchSize, result.GetValue(seed));
            }

            return Run(parameters, (int)(parameters.Capacity * factor), opCount, batchSize, result.GetValue(seed));
        }));
        return command;
    }

    private static int Run(BoltParameters parameters, int loaded, int opCount, int batchSize, long seed)
    {
        // A fresh random device key, as a deployment has; --seed makes only the workload reproducible.
        var deviceKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
        using var device = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = parameters, Seed = deviceKey });
        // Provisioning: in a deployment K_prov reaches the enclave through attestation; here we derive it ourselves.
        return Drive(device, ChannelKdf.ProvisioningKey(deviceKey), parameters, loaded, opCount, batchSize, seed, YcsbRunner.PrfKey(seed));
    }

    /// <summary>
    /// The demo against a daemon: the same enclave code on a <see cref="RemoteDevice"/>. A daemon that waits for a load
    /// gets this client's sealed bulk load; one already serving others is used as it is, with a fresh PRF key, so this
    /// client's keys start absent and the ones it inserts are its own.
    /// </summary>
    private static int RunRemote(string address, byte[] provisioningKey, double factor, int opCount, int batchSize, long seed)
    {
        var device = RemoteDevice.Connect(address);
        try
        {
            var parameters = device.Parameters;
            AnsiConsole.MarkupLine($"[grey]daemon {Markup.Escape(device.Name)}: capacity {parameters.Capacity:N0}, value size {parameters.ValueSize} B, {(device.IsInitialised ? "serving" : "waiting for a load")}[/]");
            return device.IsInitialised
                ? Drive(device, provisioningKey, parameters, 0, opCount, batchSize, seed, System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))
                : Drive(device, provisioningKey, parameters, (int)(parameters.Capacity * factor), opCount, batchSize, seed, YcsbRunner.PrfKey(seed));
        }
        finally
        {
            device.Dispose();
        }
    }

    private static int Drive(IBoltDevice device, byte[] provisioningKey, BoltParameters parameters, int loaded, int opCount, int batchSize, long seed, byte[] prfKey)
    {
        var reference = new Reference(parameters.ValueSize, loaded);
        var items = new KeyValuePair<MapKey, ReadOnlyMemory<byte>>[loaded];
        var initialValues = new byte[(long)loaded * parameters.ValueSize];
        for (int k = 0; k < loaded; k++)
        {
            var value = initialValues.AsMemory(k * parameters.ValueSize, reference.InitialLength(k));
            ReferenceValues.Fill(value.Span, k, 0);
            items[k] = new(k, value);
        }

        var loadClock = Stopwatch.StartNew();
        using var map = loaded == 0 && device is RemoteDevice
            ? ObliviousMap.Connect(device, provisioningKey, prfKey)
            : Progress.Run(false, loaded, "load (sealed bulk load)", p => ObliviousMap.Create(device, provisioningKey, prfKey, items, p, ownsDevice: false));
        loadClock.Stop();
        items = null; // let the load buffers go before the workload
        initialValues = null;

        var random = new Random((int)seed);
        var counts = new long[4];
        long mismatches = 0;
        var runClock = Stopwatch.StartNew();
        var requests = new List<MapRequest>(batchSize);
        var keys = new long[batchSize];
        Progress.Run(false, opCount, "mixed workload", p =>
        {
            for (int done = 0; done < opCount;)
            {
                int count = Math.Min(batchSize, opCount - done);
                requests.Clear();
                for (int i = 0; i < count; i++)
                {
                    keys[i] = reference.PickKey(random);
                    requests.Add(NextRequest(random, reference, ref keys[i], counts));
                }

                var results = map.ExecuteAsync(requests).GetAwaiter().GetResult();
                for (int i = 0; i < count; i++)
                {
                    mismatches += reference.Check(requests[i], keys[i], results[i]) ? 0 : 1;
                }

                done += count;
                p?.Report(done);
            }

            return 0;
        });
        runClock.Stop();
        Report(parameters, loaded, loadClock.Elapsed.TotalSeconds, opCount, runClock.Elapsed.TotalSeconds, counts, mismatches, reference.Refusals, device, map);
        return mismatches == 0 ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }

    /// <summary>35% gets, 15% contains, 35% puts (a third of them inserts of new keys), 15% deletes.</summary>
    private static MapRequest NextRequest(Random random, Reference reference, ref long key, long[] counts)
    {
        int roll = random.Next(100);
        if (roll < 35)
        {
            counts[0]++;
            return MapRequest.Get(key);
        }

        if (roll < 50)
        {
            counts[1]++;
            return MapRequest.Contains(key);
        }

        if (roll < 85)
        {
            counts[2]++;
            var value = new byte[random.Next(reference.ValueSize + 1)];
            random.NextBytes(value);
            key = random.Next(3) == 0 ? reference.FreshKey() : key;
            return MapRequest.Put(key, value);
        }

        counts[3]++;
        return MapRequest.Delete(key);
    }

    private static void Report(BoltParameters p, int loaded, double loadSeconds, int ops, double runSeconds, long[] counts,
        long mismatches, long refusals, IBoltDevice device, ObliviousMap map)
    {
        string F(double value, string format = "N1") => value.ToString(format, CultureInfo.InvariantCulture);
        var table = new Table().AddColumn("").AddColumn(new TableColumn("value").RightAligned()).AddColumn("");
        table.AddRow("[bold]map[/]", "", "");
        table.AddRow("capacity N", F(p.Capacity, "N0"), $"value size V = {p.ValueSize} B, {p.HostPages:N0} host pages of {p.PageBytes} B");
        table.AddRow("keys loaded", F(loaded, "N0"), $"one sealed load frame, {F(loadSeconds, "N2")} s wall");
        table.AddRow("workload", F(ops, "N0"), $"gets {counts[0]:N0}, contains {counts[1]:N0}, puts {counts[2]:N0}, deletes {counts[3]:N0}");
        table.AddRow("checked against reference", mismatches == 0 ? "[green]0 mismatches[/]" : $"[red]{mismatches} mismatches[/]",
            device is SimulatedDevice local ? $"channel session {map.SessionId}, {local.Channel.Rejected} frames rejected" : $"channel session {map.SessionId}");
        table.AddRow("refused inserts", F(refusals, "N0"), "map full or stash overflowed: a correct answer, nothing changed");
        table.AddRow("[bold]speed[/]", "", "");
        table.AddRow("wall throughput", F(ops / Math.Max(runSeconds, 1e-9), "N0"), device is SimulatedDevice
            ? "ops/s in this process (simulator + channel + client)"
            : $"ops/s through {Markup.Escape(device.Name)} (client, socket, daemon, device)");
        if (device is not SimulatedDevice simulated)
        {
            AnsiConsole.Write(table);
            return;
        }

        var s = simulated.Statistics;
        table.AddRow("modeled throughput", F(s.ModeledThroughputOpsPerSecond, "N0"), "ops/s on the modeled U55C");
        table.AddRow("modeled latency", $"{F(s.LatencyMeanUs)} µs", $"per batch, mean; p50 {F(s.LatencyP50Us)} µs, p99 {F(s.LatencyP99Us)} µs");
        table.AddRow("[bold]what the host saw, per op[/]", "", "[grey]the same for every op, key, hit or miss and value length[/]");
        table.AddRow("CMD bytes", F(s.CommandBytesPerOp), $"sealed command frames ({FrameLayout.OverheadBytes} B header + tag per frame, {p.CommandBytes} B per record)");
        table.AddRow("RSP bytes", F(s.ResponseBytesPerOp), $"sealed response frames ({p.ResponseBytes} B per record)");
        table.AddRow("pages touched", F(s.PagesTouchedPerOp, "N2"), "each a read + re-encrypt + write");
        table.AddRow("page bytes", F(s.PageBytesPerOp), "host-memory reads and writes");
        table.AddRow("host bytes", F(s.HostBytesPerOp), "everything above");
        AnsiConsole.Write(table);
    }

    /// <summary>
    /// What the map must hold: initial values are a function of the key (<see cref="ReferenceValues"/>), so only
    /// keys the workload changed are stored.
    /// </summary>
    private sealed class Reference(int valueSize, int loaded)
    {
        private readonly Dictionary<long, byte[]?> _changed = [];
        private long _nextFresh = loaded;

        public int ValueSize => valueSize;

        /// <summary>Inserts the device refused (the map was full or its stash overflowed): correct answers, counted apart.</summary>
        public long Refusals { get; private set; }

        public int InitialLength(long key) => (int)(key % (valueSize + 1));

        public long PickKey(Random random) => random.NextInt64(_nextFresh + 1);

        public long FreshKey() => _nextFresh++;

        public bool Check(MapRequest request, long key, MapResult result)
        {
            var expected = Expected(key);
            bool ok = result.WasPresent == (expected is not null);
            switch (request.Op)
            {
                case OpCode.Get:
                    ok &= result.Status == (expected is null ? DeviceStatus.NotFound : DeviceStatus.Ok)
                        && (expected is null || expected.AsSpan().SequenceEqual(result.Value));
                    break;
                case OpCode.Put when result.Status is DeviceStatus.CapacityExceeded or DeviceStatus.StashOverflow:
                    // A refused insert is a correct answer when the key was new; the map stays as it was.
                    ok &= expected is null;
                    Refusals++;
                    break;
                case OpCode.Put:
                    ok &= result.Status == DeviceStatus.Ok;
                    _changed[key] = request.Value.ToArray();
                    break;
                default:
                    ok &= result.Status == (expected is null ? DeviceStatus.NotFound : DeviceStatus.Ok);
                    _changed[key] = null;
                    break;
            }

            return ok;
        }

        private byte[]? Expected(long key)
        {
            if (_changed.TryGetValue(key, out var value))
            {
                return value;
            }

            if (key >= loaded)
            {
                return null;
            }

            var initial = new byte[InitialLength(key)];
            ReferenceValues.Fill(initial, key, 0);
            return initial;
        }
    }
}

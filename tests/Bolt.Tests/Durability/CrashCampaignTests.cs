using System.Diagnostics;
using System.Runtime.InteropServices;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Core.Durability;
using Bolt.Remote;
using Bolt.Server.Durability;
using Bolt.Sim;
using Xunit;

namespace Bolt.Tests.Durability;

/// <summary>
/// The kill -9 campaign against a real `bolt serve --data DIR` process. Each round kills the daemon with SIGKILL — from
/// outside at a random moment (during the sealed bulk load, during batches of puts, during requested checkpoints), or
/// from inside at a named point of a checkpoint, a log rotation, a truncation or a group commit — then restarts it and
/// checks that every acknowledged write reads back with its acknowledged value, that the one frame whose outcome the
/// client did not learn is applied wholly or not at all, and finally that the daemon's state (image and host pages)
/// equals that of one device that replays the whole archived history without ever crashing. CI runs 12 kills in the
/// batch phase (a third at named points) plus 2 during the bulk load; BOLT_CRASH_KILLS=60 runs the full campaign
/// (60 + 6).
/// </summary>
public sealed class CrashCampaignTests : IDisposable
{
    private const long Seed = 77;
    private const int Clients = 2;
    private const int KeysPerClient = 200;
    private const int LoadItems = 2000;
    private static readonly int Kills = int.TryParse(Environment.GetEnvironmentVariable("BOLT_CRASH_KILLS"), out int n) ? n : 12;
    private static readonly BoltParameters Parameters = new(capacity: 8192, valueSize: 16, sessionSlots: 16);
    private readonly string _root = Directory.CreateTempSubdirectory("bolt-crash-").FullName;
    private readonly Dictionary<long, byte[]> _acknowledged = [];
    private readonly Random _random = new(2026);
    private readonly List<string> _log = [];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Data => Path.Combine(_root, "data");

    private string Archive => Path.Combine(_root, "archive");

    private string Socket => Path.Combine(_root, "bolt.sock");

    private byte[] DeviceKey => SimulatedDeviceOptions.InsecureFixedKey(Seed);

    [Fact]
    public async Task Every_acknowledged_write_survives_kill_9_and_the_recovered_state_equals_a_run_that_never_crashed()
    {
        // The sealed bulk load, killed at random moments until one kill comes after it finished (or a few were spent).
        Process daemon;
        int loadKills = 0;
        do
        {
            daemon = Start(crashPoint: null, awaitLoad: true);
            bool loaded;
            using (var device = Connect())
            {
                loaded = device.PublicStatus.Initialised;
            }

            var load = loaded ? Task.CompletedTask : Task.Run(() => Load(tolerateCrash: true));
            Thread.Sleep(_random.Next(20, 400));
            Kill(daemon);
            await load;
            loadKills += loaded ? 0 : 1;
            if (loaded)
            {
                break;
            }
        }
        while (loadKills < Math.Max(2, Kills / 10));

        int pointKills = 0;
        for (int round = 1; round <= Kills; round++)
        {
            string? point = round % 3 == 0 ? $"{CrashPoints.Names[(round / 3) % CrashPoints.Names.Length]}:{_random.Next(1, 4)}" : null;
            daemon = Start(point, awaitLoad: true);
            try
            {
                EnsureLoaded();
                VerifyAcknowledged();
            }
            catch (BoltException) when (point is not null && daemon.WaitForExit(5000))
            {
                // The named point fired on the checks' own calls (a hello is logged too): a kill like any other.
                _log.Add($"{point}: fired during the checks");
                pointKills++;
                continue;
            }

            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Clients).Select(c => Task.Run(() => Write(c, round, stop.Token))).ToList();
            var checkpoints = Task.Run(() => RequestCheckpoints(stop.Token));
            if (point is null || !daemon.WaitForExit(8000))
            {
                Thread.Sleep(_random.Next(100, 1200));
                Kill(daemon);
            }
            else
            {
                pointKills++;
            }

            daemon.WaitForExit();
            stop.Cancel();
            await Task.WhenAll([.. writers, checkpoints]);
        }

        // The last start: verify, stop cleanly (a shutdown checkpoint), and compare with the history replayed in one go.
        daemon = Start(crashPoint: null, awaitLoad: true);
        EnsureLoaded();
        VerifyAcknowledged();
        Assert.Equal(0, kill(daemon.Id, 15));
        Assert.True(daemon.WaitForExit(60_000));
        Assert.Equal(0, daemon.ExitCode);
        Assert.True(pointKills >= Kills / 6, $"only {pointKills} kills happened at a named point:\n{string.Join('\n', _log)}");
        Assert.True(loadKills >= 1, "no kill came during the bulk load");
        CompareWithHistory();
    }

    private Process Start(string? crashPoint, bool awaitLoad)
    {
        string bolt = typeof(Bolt.Cli.Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                bolt, "serve", "--data", Data, "--archive", Archive, "--seed", Seed.ToString(), "--socket", Socket, "--tcp", "off",
                "--capacity", Parameters.Capacity.ToString(), "--value-size", "16", "--session-slots", "16", "--key-file", Socket + ".key",
                "--checkpoint-every", "24", "--group-commit-delay", "0.5",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (awaitLoad)
        {
            start.ArgumentList.Add("--await-load");
        }

        if (crashPoint is not null)
        {
            start.Environment["BOLT_CRASH_POINT"] = crashPoint;
        }

        var process = Process.Start(start)!;
        var errors = new List<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                if (e.Data is not null && errors.Count < 20)
                {
                    errors.Add(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            _log.Add($"{crashPoint ?? "external"}: {line}");
            if (line.StartsWith("bolt serve: listening", StringComparison.Ordinal))
            {
                return process;
            }

            Assert.StartsWith("bolt serve: ", line, StringComparison.Ordinal);
        }

        // The crash point fired during recovery itself (it writes a checkpoint): start again without it. A daemon that
        // dies at start on its own is a failed recovery: fail with what it said, never restart it forever.
        process.WaitForExit();
        lock (errors)
        {
            _log.Add($"{crashPoint ?? "external"}: exited with {process.ExitCode} before listening: {string.Join(" | ", errors)}");
        }

        Assert.True(crashPoint is not null, $"bolt serve could not recover its data directory:\n{string.Join('\n', _log)}");
        return Start(crashPoint: null, awaitLoad);
    }

    private static void Kill(Process daemon)
    {
        if (!daemon.HasExited)
        {
            _ = kill(daemon.Id, 9);
        }

        daemon.WaitForExit();
    }

    private RemoteDevice Connect() => RemoteDevice.Connect("unix:" + Socket, new RemoteDeviceOptions { ConnectTimeout = TimeSpan.FromMilliseconds(300) });

    private static Digest128 Digest(long key) => new((ulong)key * 0x9E3779B97F4A7C15 | 1, (ulong)key);

    private static byte[] Value(long a, long b) => [.. BitConverter.GetBytes(a), .. BitConverter.GetBytes(b)];

    /// <summary>The sealed bulk load in parts; acknowledged only when the last part is answered.</summary>
    private void Load(bool tolerateCrash)
    {
        var p = Parameters;
        var records = new byte[LoadItems * p.CommandBytes];
        for (int k = 0; k < LoadItems; k++)
        {
            CommandLayout.Write(records.AsSpan(k * p.CommandBytes, p.CommandBytes), OpCode.Put, Digest(100_000 + k), Value(-1, k));
        }

        try
        {
            using var device = Connect();
            var session = ChannelSession.Open(device, ChannelKdf.ProvisioningKey(DeviceKey));
            int part = 250 * p.CommandBytes;
            for (int offset = 0; offset < records.Length; offset += part)
            {
                session.Load(records.AsSpan(offset, Math.Min(part, records.Length - offset)), lastPart: offset + part >= records.Length);
            }

            for (int k = 0; k < LoadItems; k++)
            {
                _acknowledged[100_000 + k] = Value(-1, k);
            }
        }
        catch (BoltException e) when (tolerateCrash)
        {
            _log.Add($"load: interrupted ({e.GetType().Name}: {e.Message})");
        }
    }

    /// <summary>After a restart: a load that never completed leaves the device uninitialised (recovery abandons it); load again.</summary>
    private void EnsureLoaded()
    {
        for (int attempt = 0; attempt < 3; attempt++)
        {
            using (var device = Connect())
            {
                if (device.PublicStatus.Initialised)
                {
                    return;
                }
            }

            Assert.DoesNotContain(100_000L, _acknowledged.Keys);
            Load(tolerateCrash: true);
        }

        Assert.Fail($"the device could not be loaded:\n{string.Join('\n', _log)}");
    }

    /// <summary>Frames of 8 puts until the daemon dies; the frame in flight then is the one unknown outcome.</summary>
    private void Write(int client, int round, CancellationToken stop)
    {
        var p = Parameters;
        var random = new Random((round * 10) + client);
        (long Key, byte[] Value)[]? inFlight = null;
        try
        {
            using var device = Connect();
            var session = ChannelSession.Open(device, ChannelKdf.ProvisioningKey(DeviceKey));
            for (int frame = 0; !stop.IsCancellationRequested; frame++)
            {
                var keys = Enumerable.Range(0, KeysPerClient).OrderBy(_ => random.Next()).Take(8).Select(k => (long)((client * 10_000) + k)).ToArray();
                inFlight = keys.Select((k, i) => (k, Value((round * 1_000_000) + frame, (client * 100) + i))).ToArray();
                var commands = new byte[8 * p.CommandBytes];
                for (int i = 0; i < 8; i++)
                {
                    CommandLayout.Write(commands.AsSpan(i * p.CommandBytes, p.CommandBytes), OpCode.Put, Digest(inFlight[i].Key), inFlight[i].Value);
                }

                var responses = new byte[8 * p.ResponseBytes];
                session.Execute(commands, responses);
                lock (_acknowledged)
                {
                    for (int i = 0; i < 8; i++)
                    {
                        Assert.Equal(DeviceStatus.Ok, ResponseLayout.ReadStatus(responses.AsSpan(i * p.ResponseBytes, p.ResponseBytes)));
                        _acknowledged[inFlight[i].Key] = inFlight[i].Value;
                    }
                }

                inFlight = null;
            }
        }
        catch (BoltException)
        {
            // The daemon died: this frame's outcome is unknown.
        }

        if (inFlight is not null)
        {
            lock (_unknown)
            {
                _unknown.Add(inFlight);
            }
        }
    }

    private readonly List<(long Key, byte[] Value)[]> _unknown = [];

    private void RequestCheckpoints(CancellationToken stop)
    {
        var random = new Random(7);
        try
        {
            using var device = Connect();
            while (!stop.IsCancellationRequested)
            {
                Thread.Sleep(random.Next(50, 250));
                device.RequestCheckpoint();
            }
        }
        catch (BoltException)
        {
        }
    }

    /// <summary>Reads back every key written: acknowledged values exactly; each unknown frame all or nothing.</summary>
    private void VerifyAcknowledged()
    {
        var p = Parameters;
        var keys = _acknowledged.Keys.Concat(_unknown.SelectMany(f => f.Select(e => e.Key))).Distinct().ToArray();
        var actual = new Dictionary<long, byte[]?>();
        using (var device = Connect())
        {
            var session = ChannelSession.Open(device, ChannelKdf.ProvisioningKey(DeviceKey));
            foreach (var chunk in keys.Chunk(256))
            {
                var commands = new byte[chunk.Length * p.CommandBytes];
                for (int i = 0; i < chunk.Length; i++)
                {
                    CommandLayout.Write(commands.AsSpan(i * p.CommandBytes, p.CommandBytes), OpCode.Get, Digest(chunk[i]), default);
                }

                var responses = new byte[chunk.Length * p.ResponseBytes];
                session.Execute(commands, responses);
                for (int i = 0; i < chunk.Length; i++)
                {
                    var record = responses.AsSpan(i * p.ResponseBytes, p.ResponseBytes);
                    actual[chunk[i]] = ResponseLayout.ReadStatus(record) == DeviceStatus.Ok ? ResponseLayout.ReadValue(record).ToArray() : null;
                }
            }
        }

        foreach (var frame in _unknown)
        {
            int applied = frame.Count(e => actual[e.Key] is { } v && v.AsSpan().SequenceEqual(e.Value));
            Assert.True(applied == 0 || applied == frame.Length, $"an unacknowledged frame is half-applied: {applied} of {frame.Length} puts");
            if (applied == frame.Length)
            {
                foreach (var (key, value) in frame)
                {
                    _acknowledged[key] = value;
                }
            }
        }

        _unknown.Clear();
        foreach (var (key, value) in _acknowledged)
        {
            Assert.True(actual[key] is { } v && v.AsSpan().SequenceEqual(value), $"acknowledged key {key} lost its value");
        }
    }

    /// <summary>One device restored from checkpoint 0 replays every archived log in order, never crashing; it must end where the daemon ended.</summary>
    private void CompareWithHistory()
    {
        var checkpoints = Directory.GetFiles(Archive, "checkpoint-*.ckpt").Concat(Directory.GetFiles(Data, "checkpoint-*.ckpt")).Order(StringComparer.Ordinal).ToList();
        var logs = Directory.GetFiles(Archive, "log-*.wal").Concat(Directory.GetFiles(Data, "log-*.wal")).ToDictionary(f => Path.GetFileName(f)!, f => f);
        var options = new SimulatedDeviceOptions { Parameters = Parameters, Seed = DeviceKey };
        var (reference, first) = SimulatedDevice.Restore(options, File.OpenRead(checkpoints[0]), "checkpoint 0");
        using var _ = reference;
        Assert.Equal(0ul, first.Number);
        long records = 0;
        int recoveries = 0;
        var lifetime = CheckpointImages.Lifetime(File.ReadAllBytes(checkpoints[0]), DeviceKey);
        foreach (string checkpoint in checkpoints.SkipLast(1))
        {
            CheckpointHeader header;
            using (var file = File.OpenRead(checkpoint))
            using (var image = SealedImageReader.Open(file, DeviceKey, checkpoint))
            {
                header = image.Header;
            }

            if (logs.TryGetValue($"log-{header.Number:D20}.wal", out var log))
            {
                records += LogReplay.Run(log, header, reference).Records;
            }

            // A recovery moved the device to a new lifetime after its replay: the next checkpoint names it.
            var next = CheckpointImages.Lifetime(File.ReadAllBytes(checkpoints[checkpoints.IndexOf(checkpoint) + 1]), DeviceKey);
            if (!next.AsSpan().SequenceEqual(lifetime))
            {
                reference.BeginNewLifetime(next);
                lifetime = next;
                recoveries++;
            }
        }

        using var expected = new MemoryStream();
        reference.WriteCheckpoint(expected, 0, 0);
        Assert.True(records > Kills, $"the history holds only {records} log records");
        Assert.True(recoveries >= Kills, $"only {recoveries} recoveries began a new lifetime");
        Assert.Equal(CheckpointImages.Plaintext(expected.ToArray(), DeviceKey), CheckpointImages.Plaintext(checkpoints[^1], DeviceKey));
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // a single libc call in a test; the source generator buys nothing here
    private static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}

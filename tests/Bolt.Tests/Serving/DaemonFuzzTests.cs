using System.Collections.Concurrent;
using System.Security.Cryptography;
using Bolt.Client;
using Bolt.Remote;
using Bolt.Remote.Protocol;
using Bolt.Server;
using Xunit;

namespace Bolt.Tests.Serving;

/// <summary>
/// Fuzzes the daemon over real sockets with random and mutated client streams (<see cref="ProtocolFuzzer"/>), each on
/// its own connection. Whatever arrives, every reply is a well-formed message, the daemon keeps serving, and a
/// healthy client running alongside keeps its data. For every outcome (the set of reply kinds) not yet in the corpus,
/// the shortest input that produced it is kept under FuzzCorpus/ as a regression case and replayed on every run.
/// </summary>
public sealed class DaemonFuzzTests
{
    /// <summary>Fuzz inputs per run (BOLT_FUZZ_INPUTS overrides; the default is what CI runs).</summary>
    private static readonly int Inputs = int.TryParse(Environment.GetEnvironmentVariable("BOLT_FUZZ_INPUTS"), out int n) ? n : 100_000;

    private static string CorpusDirectory => Path.Combine(AppContext.BaseDirectory, "Serving", "FuzzCorpus");

    [Fact]
    public async Task Random_and_mutated_streams_never_break_the_daemon_or_change_stored_data()
    {
        await using var daemon = await Daemon.StartAsync(new BoltServerOptions { MessageTimeout = TimeSpan.FromSeconds(2), MaxClients = 1024 });
        using var map = ObliviousMap.Connect(RemoteDevice.Connect(daemon.Address), daemon.ProvisioningKey, new byte[16], ownsDevice: true);
        for (int k = 0; k < 32; k++)
        {
            Assert.True(await map.PutAsync(k, new byte[] { (byte)k, 1 }));
        }

        long accesses = daemon.Device.Engine.AccessSequence;
        var outcomes = new ConcurrentDictionary<string, byte[]>();
        foreach (var file in Directory.Exists(CorpusDirectory) ? Directory.GetFiles(CorpusDirectory, "*.bin") : [])
        {
            outcomes.TryAdd(Run(daemon, File.ReadAllBytes(file)), []);
        }

        int workers = 4;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() =>
        {
            var fuzzer = new ProtocolFuzzer(daemon.Device.Parameters, seed: 1000 + w);
            for (int i = w; i < Inputs; i += workers)
            {
                var input = fuzzer.Next();
                outcomes.AddOrUpdate(Run(daemon, input), input, (_, kept) => kept.Length <= input.Length ? kept : input);
            }
        })));

        SaveNewCases(outcomes);

        // The fuzz inputs' session hellos may have evicted the healthy client's session (SPEC §10.2: any hello takes a
        // slot): its next call then reports the session unknown, having run nothing, and the one after runs on a
        // successor that proves the eviction.
        try
        {
            await map.GetAsync(0);
        }
        catch (Bolt.Core.ChannelViolationException e) when (e.Fault == Bolt.Core.Channel.ChannelFault.UnknownSession)
        {
            accesses--;
        }

        for (int k = 0; k < 32; k++)
        {
            Assert.Equal(new byte[] { (byte)k, 1 }, await map.GetAsync(k));
        }

        // No fuzz input ran a record: none of them could seal a frame the device would take.
        Assert.Equal(accesses + 33, daemon.Device.Engine.AccessSequence);
        Assert.Equal(0, daemon.Device.Channel.Retransmitted);
        Assert.True(outcomes.Count >= 10, $"only {outcomes.Count} distinct outcomes");
    }

    /// <summary>Sends one input on a fresh connection, half-closes, and reads every reply; returns the outcome's signature.</summary>
    private static string Run(Daemon daemon, byte[] input)
    {
        using var client = daemon.Raw(hello: false);
        try
        {
            client.SendRaw(input);
            client.EndSending();
        }
        catch (System.Net.Sockets.SocketException)
        {
            // The daemon closed early (a broken stream); its replies are still to read.
        }

        var replies = client.ReadToEnd();
        var signature = new List<string>();
        foreach (var (type, payload) in replies)
        {
            Assert.True(Enum.IsDefined(type), $"undefined reply type {(byte)type}");
            signature.Add(type == MessageType.Error ? $"E{(byte)ErrorMessage.Decode(payload).Code}.{payload[1]}" : type.ToString());
        }

        // The set of reply kinds, not their sequence: coarse enough that the kept corpus stays small.
        return string.Join(',', signature.Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>With BOLT_FUZZ_SAVE set to the source corpus folder, inputs of outcomes new to the corpus are written there.</summary>
    private static void SaveNewCases(ConcurrentDictionary<string, byte[]> outcomes)
    {
        if (Environment.GetEnvironmentVariable("BOLT_FUZZ_SAVE") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        foreach (var (_, input) in outcomes.Where(o => o.Value.Length > 0))
        {
            File.WriteAllBytes(Path.Combine(folder, Convert.ToHexString(SHA256.HashData(input))[..16].ToLowerInvariant() + ".bin"), input);
        }
    }
}

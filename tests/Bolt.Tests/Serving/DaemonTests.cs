using System.Net.Sockets;
using System.Text;
using Bolt.Cli.Serving;
using Bolt.Client;
using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Remote;
using Bolt.Remote.Protocol;
using Bolt.Server;
using Xunit;

namespace Bolt.Tests.Serving;

/// <summary>The daemon over real sockets: many clients, bad input, slow readers, limits and shutdown.</summary>
public sealed class DaemonTests
{
    [Fact]
    public async Task Many_clients_at_once_each_get_their_own_answers()
    {
        await using var daemon = await Daemon.StartAsync();
        var outcome = await MultiClientRun.RunAsync(_ => RemoteDevice.Connect(daemon.Address), daemon.ProvisioningKey, clients: 16, opsPerClient: 400, batch: 4, keysPerClient: 64, readRatio: 0.5, seed: 1);
        Assert.Equal(16 * 400, outcome.Ops);
        Assert.Equal(0, outcome.Mismatches);
        Assert.Equal(0, daemon.Device.Channel.Rejected);
    }

    [Theory]
    [InlineData("random bytes first", ErrorCode.ProtocolViolation)]
    [InlineData("an oversize length", ErrorCode.MessageTooLarge)]
    [InlineData("an unknown message type", ErrorCode.UnknownMessage)]
    [InlineData("a daemon message from a client", ErrorCode.ProtocolViolation)]
    [InlineData("a second hello", ErrorCode.ProtocolViolation)]
    public async Task A_broken_stream_gets_an_error_and_is_closed_and_the_map_is_unchanged(string input, ErrorCode expected)
    {
        await using var daemon = await Daemon.StartAsync();
        using var map = ObliviousMap.Connect(RemoteDevice.Connect(daemon.Address), daemon.ProvisioningKey, new byte[16], ownsDevice: true);
        Assert.True(await map.PutAsync(1, new byte[] { 7 }));
        long accesses = daemon.Device.Engine.AccessSequence;

        using var bad = daemon.Raw(hello: input != "random bytes first");
        var hello = new byte[HelloMessage.Bytes];
        HelloMessage.Write(hello);
        bad.SendRaw(input switch
        {
            "random bytes first" => Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
            "an oversize length" => [0xFF, 0xFF, 0xFF, 0x7F, (byte)MessageType.CommandFrame],
            "an unknown message type" => RawClient.Message((MessageType)77, [1, 2, 3]),
            "a daemon message from a client" => RawClient.Message(MessageType.ResponseFrame, new byte[64]),
            _ => RawClient.Message(MessageType.Hello, hello),
        });
        var replies = bad.ReadToEnd();
        var error = ErrorMessage.Decode(Assert.Single(replies).Payload);
        Assert.Equal(expected, error.Code);
        Assert.True(error.ClosesConnection);

        Assert.Equal(new byte[] { 7 }, await map.GetAsync(1));
        Assert.Equal(accesses + 1, daemon.Device.Engine.AccessSequence);
        Assert.Equal(1, daemon.Statistics.ProtocolErrors);
    }

    [Fact]
    public async Task A_message_that_stalls_half_sent_times_out_and_only_that_client_is_closed()
    {
        await using var daemon = await Daemon.StartAsync(new BoltServerOptions { MessageTimeout = TimeSpan.FromMilliseconds(300) });
        using var half = daemon.Raw();
        half.SendRaw(RawClient.Message(MessageType.CommandFrame, new byte[200]).AsSpan(0, 50));
        using var map = ObliviousMap.Connect(RemoteDevice.Connect(daemon.Address), daemon.ProvisioningKey, new byte[16], ownsDevice: true);
        Assert.True(await map.PutAsync(1, new byte[] { 1 }));

        var error = ErrorMessage.Decode(Assert.Single(half.ReadToEnd()).Payload);
        Assert.Equal(ErrorCode.Timeout, error.Code);
        Assert.Equal(new byte[] { 1 }, await map.GetAsync(1));
    }

    [Fact]
    public async Task A_forged_or_truncated_sealed_frame_is_refused_and_the_connection_goes_on()
    {
        await using var daemon = await Daemon.StartAsync();
        var p = daemon.Device.Parameters;
        using var map = ObliviousMap.Connect(RemoteDevice.Connect(daemon.Address), daemon.ProvisioningKey, new byte[16], ownsDevice: true);
        Assert.True(await map.PutAsync(1, new byte[] { 9 }));
        long accesses = daemon.Device.Engine.AccessSequence;

        using var client = daemon.Raw();
        client.Send(MessageType.OpenSession, new byte[HelloLayout.ClientBytes]);
        var (opened, hello) = client.Read()!.Value;
        Assert.Equal(MessageType.SessionOpened, opened);
        var frame = new byte[FrameLayout.Bytes(2, p.CommandBytes)];
        FrameLayout.WriteHeader(frame, HelloLayout.ReadSessionId(hello), 0, 2, FrameKind.Commands);
        client.Send(MessageType.CommandFrame, frame);
        client.Send(MessageType.CommandFrame, frame.AsSpan(0, frame.Length - 3));
        client.Send(MessageType.OpenSession, new byte[5]);
        client.Send(MessageType.StatsRequest, default);
        var faults = new[] { ChannelFault.BadTag, ChannelFault.Malformed, ChannelFault.Handshake }.Select(f => (byte)f).ToArray();
        foreach (byte fault in faults)
        {
            var (type, payload) = client.Read()!.Value;
            Assert.Equal(MessageType.Error, type);
            var error = ErrorMessage.Decode(payload);
            Assert.Equal(ErrorCode.ChannelRejected, error.Code);
            Assert.Equal(fault, error.Detail);
        }

        Assert.Equal(MessageType.Stats, client.Read()!.Value.Type);
        Assert.Equal(accesses, daemon.Device.Engine.AccessSequence);
        Assert.Equal(new byte[] { 9 }, await map.GetAsync(1));
    }

    [Fact]
    public async Task Requests_pipelined_past_the_in_flight_limit_are_all_answered_in_order()
    {
        await using var daemon = await Daemon.StartAsync(new BoltServerOptions { InFlightPerClient = 2 });
        using var client = daemon.Raw();
        var hello = new byte[HelloLayout.ClientBytes];
        for (int i = 0; i < 40; i++)
        {
            client.Send(i % 2 == 0 ? MessageType.OpenSession : MessageType.StatsRequest, i % 2 == 0 ? hello : default);
        }

        for (int i = 0; i < 40; i++)
        {
            Assert.Equal(i % 2 == 0 ? MessageType.SessionOpened : MessageType.Stats, client.Read()!.Value.Type);
        }
    }

    [Fact]
    public async Task A_client_that_does_not_read_is_closed_and_holds_nobody_up()
    {
        await using var daemon = await Daemon.StartAsync(new BoltServerOptions { WriteTimeout = TimeSpan.FromMilliseconds(500), InFlightPerClient = 8 });
        using var slow = daemon.Raw();
        slow.Socket.ReceiveBufferSize = 4096;
        var stats = RawClient.Message(MessageType.StatsRequest, default);
        var flood = Task.Run(() =>
        {
            try
            {
                for (int i = 0; i < 100_000; i++)
                {
                    slow.SendRaw(stats);
                }
            }
            catch (SocketException)
            {
                // Closed by the daemon: the point of the test.
            }
        });

        using var map = ObliviousMap.Connect(RemoteDevice.Connect(daemon.Address), daemon.ProvisioningKey, new byte[16], ownsDevice: true);
        var workload = new ClientWorkload(map, 0, 50, 0.5, seed: 2);
        await workload.RunAsync(500, 2);
        Assert.Equal(0, workload.Mismatches);
        await flood.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("\"slowReadersClosed\":1", daemon.Statistics.ToJson("sim", true, default), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clients_over_the_limit_are_told_so_and_closed()
    {
        await using var daemon = await Daemon.StartAsync(new BoltServerOptions { MaxClients = 2 });
        using var a = daemon.Raw();
        using var b = daemon.Raw();
        using var c = daemon.Raw(hello: false);
        var error = ErrorMessage.Decode(Assert.Single(c.ReadToEnd()).Payload);
        Assert.Equal(ErrorCode.ServerFull, error.Code);
    }

    [Fact]
    public async Task Shutdown_answers_what_was_read_then_says_so_and_closes()
    {
        var daemon = await Daemon.StartAsync();
        using var client = daemon.Raw();
        var hello = new byte[HelloLayout.ClientBytes];
        for (int i = 0; i < 4; i++)
        {
            client.Send(MessageType.OpenSession, hello);
        }

        Assert.Equal(MessageType.SessionOpened, client.Read()!.Value.Type);
        await daemon.DisposeAsync();
        var rest = client.ReadToEnd();
        Assert.Equal(4, rest.Count);
        Assert.All(rest.Take(3), m => Assert.Equal(MessageType.SessionOpened, m.Type));
        Assert.Equal(ErrorCode.ShuttingDown, ErrorMessage.Decode(rest[3].Payload).Code);
        Assert.False(File.Exists(daemon.SocketPath));
    }
}

using Bolt.Cli.Serving;
using Bolt.Client;
using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Core.Device;
using Bolt.Remote;
using Bolt.Server;
using Bolt.Sim;
using Xunit;

namespace Bolt.Tests.Serving;

/// <summary>The enclave client in another process: ObliviousMap over RemoteDevice over a real socket to the daemon.</summary>
public sealed class RemoteDeviceTests
{
    [Fact]
    public async Task A_map_over_a_remote_device_answers_like_its_reference()
    {
        await using var daemon = await Daemon.StartAsync();
        using var map = ObliviousMap.Connect(RemoteDevice.Connect(daemon.Address), daemon.ProvisioningKey, new byte[16], ownsDevice: true);
        var workload = new ClientWorkload(map, 0, 200, 0.5, seed: 3);
        await workload.RunAsync(3000, 8);
        Assert.Equal(0, workload.Mismatches);
        Assert.Equal(3000, workload.Ops);
        Assert.True(daemon.Statistics.FramesRelayed >= 3000 / 8);
    }

    [Fact]
    public async Task BoltMap_connects_to_a_daemon_by_address()
    {
        await using var daemon = await Daemon.StartAsync();
        await using var map = await Bolt.BoltMap.ConnectAsync(daemon.Address, daemon.ProvisioningKey, new byte[16]);
        Assert.True(await map.PutAsync("alice", new byte[] { 1, 2 }));
        Assert.Equal(new byte[] { 1, 2 }, await map.GetAsync("alice"));
        await Assert.ThrowsAsync<DeviceConnectionException>(() => Bolt.BoltMap.ConnectAsync("unix:/nonexistent/bolt.sock", daemon.ProvisioningKey, new byte[16]));
    }

    [Fact]
    public async Task The_plaintext_port_and_host_memory_stay_in_the_daemon()
    {
        await using var daemon = await Daemon.StartAsync();
        using var device = RemoteDevice.Connect(daemon.Address);
        Assert.Throws<InvalidOperationException>(() => device.Execute(new byte[device.Parameters.CommandBytes], new byte[device.Parameters.ResponseBytes]));
        Assert.Throws<InvalidOperationException>(() => device.Initialise(default));
        Assert.Equal(0L, device.HostMemory.Length);
        Assert.Equal(daemon.Device.Parameters, device.Parameters);
        Assert.True(device.IsInitialised);
    }

    [Fact]
    public async Task A_response_lost_with_the_connection_is_answered_from_the_device_cache_after_the_reconnect()
    {
        await using var daemon = await Daemon.StartAsync();
        using var relay = new DroppingRelay(daemon.SocketPath);
        using var device = RemoteDevice.Connect(relay.Address);
        using var map = ObliviousMap.Connect(device, daemon.ProvisioningKey, new byte[16]);
        Assert.True(await map.PutAsync(1, new byte[] { 1 }));
        ulong session = map.SessionId;
        long accesses = daemon.Device.Engine.AccessSequence;

        // The device runs the put, the relay cuts the connection before its answer reaches the client.
        relay.DropNextResponse();
        Assert.True(await map.PutAsync(2, new byte[] { 2 }));

        Assert.Equal(1, relay.Dropped);
        Assert.Equal(1, device.Reconnects);
        Assert.Equal(session, map.SessionId);
        Assert.Equal(1, daemon.Device.Channel.Retransmitted);
        Assert.Equal(accesses + 1, daemon.Device.Engine.AccessSequence); // ran once, not twice
        Assert.Equal(new byte[] { 2 }, await map.GetAsync(2));
    }

    [Fact]
    public async Task A_daemon_that_is_gone_is_a_typed_connection_error_and_the_frame_stays_pending()
    {
        var daemon = await Daemon.StartAsync();
        var device = RemoteDevice.Connect(daemon.Address, new RemoteDeviceOptions { ConnectTimeout = TimeSpan.FromMilliseconds(200) });
        using var map = ObliviousMap.Connect(device, daemon.ProvisioningKey, new byte[16], ownsDevice: true);
        Assert.True(await map.PutAsync(1, new byte[] { 1 }));
        await daemon.DisposeAsync();

        await Assert.ThrowsAsync<DeviceConnectionException>(async () => await map.PutAsync(2, new byte[] { 2 }));
        Assert.Throws<DeviceConnectionException>(() => RemoteDevice.Connect(daemon.Address, new RemoteDeviceOptions { ConnectTimeout = TimeSpan.Zero }));
    }

    [Fact]
    public async Task Several_clients_frames_in_one_device_call_run_in_order_each_under_its_own_session()
    {
        var parameters = new BoltParameters(capacity: 1024, valueSize: 16);
        var key = SimulatedDeviceOptions.InsecureFixedKey(5);
        using var device = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = parameters, Seed = key });
        device.Initialise(default);
        var provisioning = ChannelKdf.ProvisioningKey(key);
        var sessions = Enumerable.Range(0, 3).Select(_ => ChannelSession.Open(device, provisioning)).ToArray();
        var prf = new KeyPrf(new byte[16]);
        var frames = new byte[4][];
        for (int i = 0; i < 3; i++)
        {
            var record = new byte[parameters.CommandBytes];
            Bolt.Core.Abi.CommandLayout.Write(record, Bolt.Core.Abi.OpCode.Put, prf.Digest(i), new byte[] { (byte)i });
            frames[i] = new byte[FrameLayout.Bytes(1, parameters.CommandBytes)];
            sessions[i].SealCommands(record, frames[i]);
        }

        frames[3] = (byte[])frames[1].Clone(); // the same frame again: a retransmission, answered from the cache
        var forged = (byte[])frames[2].Clone();
        forged[^1] ^= 1;
        var batch = new SealedFrameBatch(8);
        var responses = Enumerable.Range(0, 5).Select(_ => new byte[FrameLayout.Bytes(1, parameters.ResponseBytes)]).ToArray();
        batch.Add(frames[0], responses[0]);
        batch.Add(forged, responses[1]);
        batch.Add(frames[1], responses[2]);
        batch.Add(frames[2], responses[3]);
        batch.Add(frames[3], responses[4]);
        device.ExecuteSealedFrames(batch);

        Assert.Equal(ChannelFault.BadTag, Assert.IsType<ChannelViolationException>(batch.Error(1)).Fault);
        var plain = new byte[parameters.ResponseBytes];
        sessions[0].OpenResponses(responses[0].AsSpan(0, batch.ResponseBytes(0)), plain);
        sessions[1].OpenResponses(responses[2].AsSpan(0, batch.ResponseBytes(2)), plain);
        sessions[2].OpenResponses(responses[3].AsSpan(0, batch.ResponseBytes(3)), plain);
        Assert.Equal(responses[2], responses[4]);
        Assert.Equal(3, device.Engine.AccessSequence);
        Assert.Equal(1, device.Channel.Retransmitted);
    }

    [Fact]
    public void Session_slots_are_a_device_parameter_and_the_oldest_session_goes_when_they_fill()
    {
        foreach (int slots in new[] { 8, 300 })
        {
            var parameters = new BoltParameters(capacity: 1024, valueSize: 16, sessionSlots: slots);
            var key = SimulatedDeviceOptions.InsecureFixedKey(5);
            using var device = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = parameters, Seed = key });
            device.Initialise(default);
            var provisioning = ChannelKdf.ProvisioningKey(key);
            var first = ChannelSession.Open(device, provisioning);
            var record = new byte[parameters.CommandBytes];
            var response = new byte[parameters.ResponseBytes];
            for (int i = 1; i < slots; i++)
            {
                ChannelSession.Open(device, provisioning);
            }

            first.Execute(record, response); // slots − 1 newer sessions: the first one still holds its slot
            ChannelSession.Open(device, provisioning);
            var e = Assert.Throws<ChannelViolationException>(() => first.Execute(record, response));
            Assert.Equal(ChannelFault.UnknownSession, e.Fault);
        }
    }

    [Fact]
    public async Task A_load_goes_to_a_daemon_that_waits_for_one_and_only_once()
    {
        await using var daemon = await Daemon.StartAsync(new BoltServerOptions { AwaitLoad = true });
        var device = RemoteDevice.Connect(daemon.Address);
        Assert.False(device.IsInitialised);
        var items = Enumerable.Range(0, 100).Select(k => new KeyValuePair<MapKey, ReadOnlyMemory<byte>>(k, new byte[] { (byte)k })).ToList();
        using var map = ObliviousMap.Create(device, daemon.ProvisioningKey, new byte[16], items);
        Assert.Equal(new byte[] { 42 }, await map.GetAsync(42));

        using var second = RemoteDevice.Connect(daemon.Address);
        Assert.True(second.IsInitialised);
        var e = Assert.Throws<RemoteRefusalException>(() => ObliviousMap.Create(second, daemon.ProvisioningKey, new byte[16], items, ownsDevice: false));
        Assert.Equal(Bolt.Remote.Protocol.ErrorCode.AlreadyInitialised, e.Code);
        Assert.Equal(new byte[] { 42 }, await map.GetAsync(42));
    }
}

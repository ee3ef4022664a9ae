using System.Text;
using Bolt.Client;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Xunit;

namespace Bolt.Tests.Client;

/// <summary>The enclave client API: key forms, variable values, batches, and every typed error, over the sealed channel.</summary>
public sealed class ObliviousMapTests
{
    [Fact]
    public async Task Get_put_delete_and_contains_work_with_byte_string_and_integer_keys()
    {
        var (map, _) = MapFixture.Create();
        await using var _map = map;
        byte[] bytesKey = [0, 1, 2, 255];

        Assert.True(await map.PutAsync(bytesKey, "a"u8.ToArray()));
        Assert.True(await map.PutAsync("ключ", "b"u8.ToArray()));
        Assert.True(await map.PutAsync(42L, "c"u8.ToArray()));
        Assert.False(await map.PutAsync(42, "C"u8.ToArray())); // an update

        Assert.Equal("a"u8.ToArray(), await map.GetAsync(bytesKey));
        Assert.Equal("b"u8.ToArray(), await map.GetAsync("ключ"));
        Assert.Equal("C"u8.ToArray(), await map.GetAsync(42));
        Assert.True(await map.ContainsAsync(42));
        Assert.False(await map.ContainsAsync(43));
        Assert.Null(await map.GetAsync("absent"));

        Assert.True(await map.DeleteAsync(42));
        Assert.False(await map.DeleteAsync(42));
        Assert.False(await map.ContainsAsync(42));
        Assert.Null(await map.GetAsync(42));
    }

    [Fact]
    public async Task A_string_key_is_its_UTF8_bytes_and_integers_are_a_key_space_of_their_own()
    {
        var (map, _) = MapFixture.Create();
        await using var _map = map;
        await map.PutAsync("7", "s"u8.ToArray());
        Assert.Equal("s"u8.ToArray(), await map.GetAsync(Encoding.UTF8.GetBytes("7")));
        Assert.Null(await map.GetAsync(7));
        await map.PutAsync(string.Empty, "e"u8.ToArray());
        Assert.Equal("e"u8.ToArray(), await map.GetAsync(Array.Empty<byte>()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(32)]
    public async Task Values_of_any_length_up_to_the_maximum_round_trip(int length)
    {
        var (map, _) = MapFixture.Create();
        await using var _map = map;
        var value = Enumerable.Range(1, length).Select(i => (byte)i).ToArray();
        Assert.True(await map.PutAsync("k", value));
        var read = await map.GetAsync("k");
        Assert.NotNull(read);
        Assert.Equal(value, read);
        Assert.True(await map.ContainsAsync("k"));
    }

    [Fact]
    public async Task An_over_long_value_is_refused_before_anything_is_sent()
    {
        var (map, relay) = MapFixture.Create();
        await using var _map = map;
        await map.PutAsync(1, new byte[] { 9 });
        int calls = relay.SealedCalls;

        var e = await Assert.ThrowsAsync<ValueTooLargeException>(async () => await map.PutAsync(1, new byte[33]));
        Assert.Equal(33, e.Length);
        Assert.Equal(32, e.Maximum);
        await Assert.ThrowsAsync<ValueTooLargeException>(() => map.ExecuteAsync([MapRequest.Put(2, new byte[1]), MapRequest.Put(3, new byte[40])]));

        Assert.Equal(calls, relay.SealedCalls);
        Assert.Equal(new byte[] { 9 }, await map.GetAsync(1));
        Assert.False(await map.ContainsAsync(2));
    }

    [Fact]
    public async Task A_full_map_refuses_inserts_with_CapacityExceeded_and_keeps_everything()
    {
        var reference = Enumerable.Range(0, 16).ToDictionary(k => (long)k, k => new byte[] { (byte)k });
        var (map, _) = MapFixture.Create(reference.Select(p => MapFixture.Item(p.Key, p.Value)).ToList(), capacity: 16);
        await using var _map = map;

        await Assert.ThrowsAsync<CapacityExceededException>(async () => await map.PutAsync(100, new byte[] { 1 }));
        var results = await map.ExecuteAsync([MapRequest.Put(101, new byte[] { 1 }), MapRequest.Put(3, new byte[] { 33 })]);
        Assert.Equal(DeviceStatus.CapacityExceeded, results[0].Status);
        Assert.Equal(DeviceStatus.Ok, results[1].Status);
        reference[3] = [33];
        await MapFixture.AssertMatchesAsync(map, reference, 100, 101);
    }

    [Fact]
    public async Task Loads_that_cannot_fit_are_refused_on_the_client_before_anything_is_sent()
    {
        var relay = MapFixture.Relay(16, 8, 1, out var provisioningKey);
        var tooMany = Enumerable.Range(0, 17).Select(k => MapFixture.Item(k, [1])).ToList();
        Assert.Throws<CapacityExceededException>(() => ObliviousMap.Create(relay, provisioningKey, MapFixture.PrfKey, tooMany, ownsDevice: false));
        Assert.Throws<ValueTooLargeException>(() => ObliviousMap.Create(relay, provisioningKey, MapFixture.PrfKey, [MapFixture.Item(1, new byte[9])], ownsDevice: false));
        var twice = Assert.Throws<BulkLoadException>(() => ObliviousMap.Create(relay, provisioningKey, MapFixture.PrfKey, [MapFixture.Item("x", [1]), MapFixture.Item("x"u8.ToArray(), [2])], ownsDevice: false));
        Assert.Equal(DeviceStatus.InvalidKey, twice.Status);
        Assert.Equal(0, relay.Inner.Engine.Counters.Items);

        // The device is still uninitialised and takes a good load.
        await using var map = ObliviousMap.Create(relay, provisioningKey, MapFixture.PrfKey, [MapFixture.Item(1, [1])]);
        Assert.Equal(new byte[] { 1 }, await map.GetAsync(1));
    }

    [Fact]
    public async Task Tampered_host_memory_surfaces_as_IntegrityViolation_then_the_device_stays_halted()
    {
        var reference = Enumerable.Range(0, 50).ToDictionary(k => (long)k, k => new byte[] { (byte)k, 1 });
        var (map, relay) = MapFixture.Create(reference.Select(p => MapFixture.Item(p.Key, p.Value)).ToList());
        await using var _map = map;
        var saved = relay.HostMemory.ToArray();
        int pageBytes = relay.Parameters.PageBytes;
        for (int page = 0; page < relay.Parameters.HostPages; page++)
        {
            relay.HostMemory[(page * pageBytes) + 40] ^= 0x01;
        }

        await Assert.ThrowsAsync<IntegrityViolationException>(async () => await map.GetAsync(1));
        await Assert.ThrowsAsync<DeviceHaltedException>(async () => await map.PutAsync(2, new byte[] { 99 }));
        Assert.Equal(DeviceStatus.Halted, (await map.ExecuteAsync([MapRequest.Delete(3)]))[0].Status);

        // Fail-stop: restoring the host's memory does not bring the device back (that retry is the selective-failure leak).
        saved.CopyTo(relay.HostMemory);
        await Assert.ThrowsAsync<DeviceHaltedException>(async () => await map.GetAsync(1));
        Assert.True(relay.PublicStatus.Halted);
        Assert.Equal(saved, relay.HostMemory.ToArray());
    }

    [Theory]
    [InlineData(Attack.ReplayPreviousCommand)]
    [InlineData(Attack.FlipCommandBit)]
    [InlineData(Attack.TruncateCommand)]
    public async Task A_command_frame_attacked_by_the_host_is_rejected_and_the_retransmission_runs_it_once(Attack attack)
    {
        var reference = Enumerable.Range(0, 20).ToDictionary(k => (long)k, k => new byte[] { (byte)k });
        var (map, relay) = MapFixture.Create(reference.Select(p => MapFixture.Item(p.Key, p.Value)).ToList());
        await using var _map = map;
        await map.PutAsync(5, new byte[] { 55 });
        reference[5] = [55];
        ulong session = map.SessionId;
        long accesses = relay.Inner.Engine.AccessSequence;

        relay.Next = attack;
        Assert.False(await map.PutAsync(6, new byte[] { 66 }));
        reference[6] = [66];

        // The replayed frame is the last executed one, answered from the cache (the client rejects that answer).
        Assert.Equal(attack == Attack.ReplayPreviousCommand ? 0 : 1, relay.Inner.Channel.Rejected);
        Assert.Equal(attack == Attack.ReplayPreviousCommand ? 1 : 0, relay.Inner.Channel.Retransmitted);
        Assert.Equal(accesses + 1, relay.Inner.Engine.AccessSequence);
        Assert.Equal(session, map.SessionId);
        await MapFixture.AssertMatchesAsync(map, reference, 1000);
    }

    [Theory]
    [InlineData(Attack.FlipResponseBit)]
    [InlineData(Attack.ReplayPreviousResponse)]
    public async Task A_response_frame_attacked_by_the_host_is_rejected_and_the_retransmission_gets_the_cached_answer(Attack attack)
    {
        var reference = Enumerable.Range(0, 20).ToDictionary(k => (long)k, k => new byte[] { (byte)k });
        var (map, relay) = MapFixture.Create(reference.Select(p => MapFixture.Item(p.Key, p.Value)).ToList());
        await using var _map = map;
        Assert.Equal(new byte[] { 4 }, await map.GetAsync(4));
        ulong session = map.SessionId;
        long accesses = relay.Inner.Engine.AccessSequence;

        relay.Next = attack;
        Assert.False(await map.PutAsync(7, new byte[] { 77 }));
        reference[7] = [77];

        Assert.Equal(1, relay.Inner.Channel.Retransmitted);
        Assert.Equal(accesses + 1, relay.Inner.Engine.AccessSequence);
        Assert.Equal(session, map.SessionId);
        await MapFixture.AssertMatchesAsync(map, reference, 1000);
    }

    [Fact]
    public async Task A_response_attacked_on_every_delivery_leaves_the_batch_pending_and_the_next_call_settles_it_first()
    {
        var reference = Enumerable.Range(0, 20).ToDictionary(k => (long)k, k => new byte[] { (byte)k });
        var (map, relay) = MapFixture.Create(reference.Select(p => MapFixture.Item(p.Key, p.Value)).ToList());
        await using var _map = map;
        long accesses = relay.Inner.Engine.AccessSequence;

        relay.Next = Attack.FlipResponseBit;
        relay.Persist = true;
        var e = await Assert.ThrowsAsync<ChannelViolationException>(async () => await map.PutAsync(8, new byte[] { 88 }));
        Assert.Equal(ChannelFault.BadTag, e.Fault);
        Assert.Equal(ChannelSession.MaxDeliveries - 1, relay.Inner.Channel.Retransmitted);
        Assert.Equal(accesses + 1, relay.Inner.Engine.AccessSequence);

        relay.Persist = false;
        relay.Next = Attack.None;
        Assert.False(await map.PutAsync(8, new byte[] { 89 }));
        reference[8] = [89];
        Assert.Equal(ChannelSession.MaxDeliveries, relay.Inner.Channel.Retransmitted);
        Assert.Equal(accesses + 2, relay.Inner.Engine.AccessSequence);
        await MapFixture.AssertMatchesAsync(map, reference, 1000);
    }

    /// <summary>
    /// The tamper campaign's gap (SPEC §10.5): the host withholds a put on every delivery, forging the answers, so the
    /// call fails; the application writes a newer value; the host delivers its withheld copy afterwards. The pending
    /// put ran before the newer one (the next call settled it first), and the late copy is stale: rejected.
    /// </summary>
    [Fact]
    public async Task A_withheld_put_delivered_after_a_newer_put_is_rejected_and_never_rolls_the_key_back()
    {
        var reference = Enumerable.Range(0, 20).ToDictionary(k => (long)k, k => new byte[] { (byte)k });
        var (map, relay) = MapFixture.Create(reference.Select(p => MapFixture.Item(p.Key, p.Value)).ToList());
        await using var _map = map;
        Assert.Equal(new byte[] { 4 }, await map.GetAsync(4));

        relay.Next = Attack.WithholdCommand;
        relay.Persist = true;
        await Assert.ThrowsAsync<ChannelViolationException>(async () => await map.PutAsync(9, new byte[] { 1 }));
        relay.Persist = false;
        relay.Next = Attack.None;

        Assert.False(await map.PutAsync(9, new byte[] { 2 }));
        reference[9] = [2];
        var response = new byte[FrameLayout.Bytes(1, relay.Parameters.ResponseBytes)];
        var late = Assert.Throws<ChannelViolationException>(() => relay.DeliverWithheld(response));
        Assert.Equal(ChannelFault.Replayed, late.Fault);
        await MapFixture.AssertMatchesAsync(map, reference, 1000);
    }

    [Fact]
    public async Task A_host_claiming_the_session_unknown_gets_a_successor_that_provably_evicted_the_withheld_frame()
    {
        var reference = Enumerable.Range(0, 20).ToDictionary(k => (long)k, k => new byte[] { (byte)k });
        var (map, relay) = MapFixture.Create(reference.Select(p => MapFixture.Item(p.Key, p.Value)).ToList());
        await using var _map = map;
        ulong session = map.SessionId;

        relay.Next = Attack.WithholdClaimingUnknownSession;
        var e = await Assert.ThrowsAsync<SessionEvictedException>(async () => await map.PutAsync(9, new byte[] { 1 }));
        Assert.Equal(ChannelFault.UnknownSession, e.Fault);

        Assert.False(await map.PutAsync(10, new byte[] { 2 }));
        reference[10] = [2];
        Assert.True(map.SessionId >= session + (ulong)map.Parameters.SessionSlots);
        var response = new byte[FrameLayout.Bytes(1, relay.Parameters.ResponseBytes)];
        Assert.Equal(ChannelFault.UnknownSession, Assert.Throws<ChannelViolationException>(() => relay.DeliverWithheld(response)).Fault);
        await MapFixture.AssertMatchesAsync(map, reference, 1000);
    }

    [Fact]
    public void Connecting_with_the_wrong_provisioning_key_fails_the_handshake()
    {
        using var relay = MapFixture.Relay(64, 8, 1, out _);
        var e = Assert.Throws<ChannelViolationException>(() => ObliviousMap.Connect(relay, new byte[16], MapFixture.PrfKey));
        Assert.Equal(ChannelFault.Handshake, e.Fault);
    }

    [Fact]
    public async Task A_batch_larger_than_a_frame_returns_one_result_per_request_in_order()
    {
        var (map, relay) = MapFixture.Create([MapFixture.Item("loaded", [7])], capacity: 512);
        await using var _map = map;
        var requests = new List<MapRequest>();
        for (int k = 0; k < 300; k++)
        {
            requests.Add(MapRequest.Put(k, new byte[k % 33]));
        }

        requests.Add(MapRequest.Get("loaded"));
        requests.Add(MapRequest.Contains(299));
        requests.Add(MapRequest.Delete(0));
        requests.Add(MapRequest.Delete(0));
        requests.Add(MapRequest.Get("absent"));
        int calls = relay.SealedCalls;

        var results = await map.ExecuteAsync(requests);
        Assert.Equal(requests.Count, results.Count);
        Assert.Equal(2, relay.SealedCalls - calls); // 305 requests in frames of at most 256
        Assert.All(results.Take(300), r => Assert.Equal(DeviceStatus.Ok, r.Status));
        Assert.Equal(new byte[] { 7 }, results[300].Value);
        Assert.True(results[301].WasPresent);
        Assert.Equal(DeviceStatus.Ok, results[302].Status);
        Assert.Equal(DeviceStatus.NotFound, results[303].Status);
        Assert.Equal(DeviceStatus.NotFound, results[304].Status);
        Assert.Null(results[304].Value);
        Assert.Empty((await map.ExecuteAsync([])));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_random_workload_matches_a_dictionary(int seed)
    {
        var (map, _) = MapFixture.Create(capacity: 512, seed: seed);
        await using var _map = map;
        var random = new Random(seed);
        var reference = new Dictionary<long, byte[]>();
        for (int i = 0; i < 3000; i++)
        {
            long key = random.Next(300);
            switch (random.Next(4))
            {
                case 0:
                    Assert.Equal(reference.GetValueOrDefault(key), await map.GetAsync(key));
                    break;
                case 1:
                    Assert.Equal(reference.ContainsKey(key), await map.ContainsAsync(key));
                    break;
                case 2:
                    var value = new byte[random.Next(33)];
                    random.NextBytes(value);
                    Assert.Equal(!reference.ContainsKey(key), await map.PutAsync(key, value));
                    reference[key] = value;
                    break;
                default:
                    Assert.Equal(reference.Remove(key), await map.DeleteAsync(key));
                    break;
            }
        }

        await MapFixture.AssertMatchesAsync(map, reference, 300, 301);
    }
}

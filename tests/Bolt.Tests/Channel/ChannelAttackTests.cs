using Bolt.Core;
using Bolt.Core.Channel;
using Xunit;

namespace Bolt.Tests.Channel;

/// <summary>
/// The host between client and device replays, reorders, flips bits in, truncates, withholds and cross-delivers
/// frames. Each attack gets a typed <see cref="ChannelViolationException"/>, executes nothing (the map reads back
/// equal to the reference), and leaves the expected sequence number alone (the honest frame still goes through).
/// A retransmission of the last executed frame gets its sealed answer again and runs nothing.
/// </summary>
public class ChannelAttackTests
{
    /// <summary>The harness every test runs on; a derived class puts another device behind the channel.</summary>
    private protected virtual ChannelHarness CreateHarness() => new();

    [Fact]
    public void An_honest_frame_is_served_and_its_responses_open()
    {
        using var h = CreateHarness();
        var frame = h.Seal(h.Puts(1, 1, 500));
        var response = h.Deliver(frame);
        var responses = new byte[2 * h.Parameters.ResponseBytes];
        h.Session.OpenResponses(response, responses);
        h.Applied(1, 1, 500);
        h.AssertMapMatchesReference();
    }

    [Fact]
    public void A_replayed_frame_is_rejected_and_does_not_roll_the_value_back()
    {
        using var h = CreateHarness();
        var first = h.Seal(h.Puts(1, 3));
        h.Deliver(first);
        h.Deliver(h.Seal(h.Puts(2, 3)));
        h.Applied(2, 3);

        var e = Assert.Throws<ChannelViolationException>(() => h.Deliver(first));
        Assert.Equal(ChannelFault.Replayed, e.Fault);
        h.Deliver(h.Seal(h.Puts(3, 4)));
        h.Applied(3, 4);
        h.AssertMapMatchesReference();
    }

    [Fact]
    public void A_reordered_frame_is_rejected_until_its_predecessor_has_been_served()
    {
        using var h = CreateHarness();
        var first = h.Seal(h.Puts(1, 10));
        var second = h.Seal(h.Puts(2, 10));

        var e = Assert.Throws<ChannelViolationException>(() => h.Deliver(second));
        Assert.Equal(ChannelFault.OutOfOrder, e.Fault);
        Assert.Equal(ChannelHarness.ValueOf(10, 0), h.Reference[10]);

        h.Deliver(first);
        h.Deliver(second);
        h.Applied(2, 10);
        h.AssertMapMatchesReference();
    }

    public static TheoryData<int, ChannelFault> FlippedBytes => new()
    {
        { 0, ChannelFault.UnknownSession },       // session id
        { 8, ChannelFault.OutOfOrder },           // sequence
        { 16, ChannelFault.Malformed },           // record count
        { 20, ChannelFault.Malformed },           // kind
        { FrameLayout.HeaderBytes, ChannelFault.BadTag },       // first ciphertext byte: the op
        { FrameLayout.HeaderBytes + 40, ChannelFault.BadTag },  // a value byte
        { -1, ChannelFault.BadTag },              // last tag byte
    };

    [Theory]
    [MemberData(nameof(FlippedBytes))]
    public void A_flipped_bit_anywhere_in_the_frame_is_rejected_and_changes_nothing(int offset, ChannelFault fault)
    {
        using var h = CreateHarness();
        var frame = h.Seal(h.Puts(1, 20, 21));
        var forged = (byte[])frame.Clone();
        forged[offset < 0 ? forged.Length + offset : offset] ^= offset == 8 ? (byte)0x02 : (byte)0x01;

        var e = Assert.Throws<ChannelViolationException>(() => h.Deliver(forged));
        Assert.Equal(fault, e.Fault);
        Assert.Equal(1, h.Rejected);

        h.Deliver(frame);
        h.Applied(1, 20, 21);
        h.AssertMapMatchesReference();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(FrameLayout.TagBytes + 1)]
    public void A_truncated_frame_is_rejected_as_malformed(int cut)
    {
        using var h = CreateHarness();
        var frame = h.Seal(h.Puts(1, 30, 31));
        var e = Assert.Throws<ChannelViolationException>(() => h.Deliver(frame[..^cut]));
        Assert.Equal(ChannelFault.Malformed, e.Fault);

        h.Deliver(frame);
        h.Applied(1, 30, 31);
        h.AssertMapMatchesReference();
    }

    [Fact]
    public void A_frame_cut_by_a_whole_record_with_its_count_rewritten_fails_authentication()
    {
        using var h = CreateHarness();
        var frame = h.Seal(h.Puts(1, 40, 41));
        int record = h.Parameters.CommandBytes;
        var cut = new byte[frame.Length - record];
        frame.AsSpan(0, FrameLayout.HeaderBytes + record).CopyTo(cut);
        frame.AsSpan(frame.Length - FrameLayout.TagBytes).CopyTo(cut.AsSpan(cut.Length - FrameLayout.TagBytes));
        FrameLayout.WriteHeader(cut, h.Session.SessionId, FrameLayout.ReadSequence(frame), 1, FrameKind.Commands);

        var e = Assert.Throws<ChannelViolationException>(() => h.Deliver(cut));
        Assert.Equal(ChannelFault.BadTag, e.Fault);

        h.Deliver(frame);
        h.Applied(1, 40, 41);
        h.AssertMapMatchesReference();
    }

    [Fact]
    public void A_frame_of_one_session_delivered_to_another_fails_authentication()
    {
        using var h = CreateHarness();
        var other = ChannelSession.Open(h.Device, h.ProvisioningKey);
        var frame = h.Seal(h.Puts(1, 50));
        var crossed = (byte[])frame.Clone();
        FrameLayout.WriteHeader(crossed, other.SessionId, 0, 1, FrameKind.Commands);

        var e = Assert.Throws<ChannelViolationException>(() => h.Deliver(crossed));
        Assert.Equal(ChannelFault.BadTag, e.Fault);

        // Both sessions are intact: the other one's own first frame and the original still go through.
        h.Deliver(h.Seal(h.Puts(2, 51), other));
        h.Deliver(frame);
        h.Applied(2, 51);
        h.Applied(1, 50);
        h.AssertMapMatchesReference();
    }

    [Fact]
    public void A_frame_of_an_evicted_session_names_an_unknown_session()
    {
        using var h = CreateHarness();
        var frame = h.Seal(h.Puts(1, 60));
        for (int i = 0; i < h.Device.Parameters.SessionSlots; i++)
        {
            ChannelSession.Open(h.Device, h.ProvisioningKey);
        }

        var e = Assert.Throws<ChannelViolationException>(() => h.Deliver(frame));
        Assert.Equal(ChannelFault.UnknownSession, e.Fault);
        h.AssertMapMatchesReference();
    }

    [Fact]
    public void A_device_with_another_provisioning_key_fails_the_handshake()
    {
        using var h = CreateHarness();
        var wrong = ChannelKdf.ProvisioningKey(new byte[16]);
        var e = Assert.Throws<ChannelViolationException>(() => ChannelSession.Open(h.Device, wrong));
        Assert.Equal(ChannelFault.Handshake, e.Fault);
    }

    [Fact]
    public void A_malformed_client_hello_is_rejected()
    {
        using var h = CreateHarness();
        var e = Assert.Throws<ChannelViolationException>(() => h.Device.OpenSession(new byte[15], new byte[HelloLayout.DeviceBytes]));
        Assert.Equal(ChannelFault.Handshake, e.Fault);
    }

    [Fact]
    public void A_response_buffer_too_small_is_refused_before_anything_runs()
    {
        using var h = CreateHarness();
        var frame = h.Seal(h.Puts(1, 70, 71));
        Assert.Throws<ArgumentException>(() => h.Device.ExecuteSealed(frame, new byte[FrameLayout.Bytes(1, h.Parameters.ResponseBytes)]));

        h.Deliver(frame);
        h.Applied(1, 70, 71);
        h.AssertMapMatchesReference();
    }

    [Fact]
    public void A_tampered_response_is_rejected_and_a_retransmission_gets_the_same_sealed_answer_without_running_again()
    {
        using var h = CreateHarness();
        var frame = h.Seal(h.Puts(1, 80));
        var response = h.Deliver(frame);
        var tampered = (byte[])response.Clone();
        tampered[FrameLayout.HeaderBytes] ^= 1;
        var responses = new byte[h.Parameters.ResponseBytes];

        var e = Assert.Throws<ChannelViolationException>(() => h.Session.OpenResponses(tampered, responses));
        Assert.Equal(ChannelFault.BadTag, e.Fault);
        Assert.False(h.Session.IsBroken);

        long accesses = h.Accesses;
        var memory = h.Device.HostMemory.ToArray();
        var again = h.Deliver(frame);
        Assert.Equal(response, again);
        Assert.Equal(accesses, h.Accesses);
        Assert.True(h.Device.HostMemory.SequenceEqual(memory));
        Assert.Equal(1, h.Retransmitted);
        Assert.Equal(0, h.Rejected);

        h.Session.OpenResponses(again, responses);
        h.Applied(1, 80);
        h.AssertMapMatchesReference();
    }

    [Fact]
    public void A_retransmission_with_another_body_or_tag_is_rejected_and_runs_nothing()
    {
        using var h = CreateHarness();
        var frame = h.Seal(h.Puts(1, 82));
        h.Deliver(frame);
        h.Applied(1, 82);
        long accesses = h.Accesses;

        var body = (byte[])frame.Clone();
        body[FrameLayout.HeaderBytes + 40] ^= 1;
        Assert.Equal(ChannelFault.BadTag, Assert.Throws<ChannelViolationException>(() => h.Deliver(body)).Fault);
        var tag = (byte[])frame.Clone();
        tag[^1] ^= 1;
        Assert.Equal(ChannelFault.Replayed, Assert.Throws<ChannelViolationException>(() => h.Deliver(tag)).Fault);
        Assert.Equal(2, h.Rejected);
        Assert.Equal(0, h.Retransmitted);
        Assert.Equal(accesses, h.Accesses);

        h.Deliver(h.Seal(h.Puts(2, 83)));
        h.Applied(2, 83);
        h.AssertMapMatchesReference();
    }

    [Fact]
    public void Only_the_last_executed_frame_is_answered_again()
    {
        using var h = CreateHarness();
        var first = h.Seal(h.Puts(1, 84));
        var second = h.Seal(h.Puts(2, 85));
        h.Deliver(first);
        var answer = h.Deliver(second);
        h.Applied(2, 85);
        h.Applied(1, 84);

        Assert.Equal(ChannelFault.Replayed, Assert.Throws<ChannelViolationException>(() => h.Deliver(first)).Fault);
        Assert.Equal(answer, h.Deliver(second));
        Assert.Equal(answer, h.Deliver(second));
        Assert.Equal(2, h.Retransmitted);
        h.AssertMapMatchesReference();
    }

    /// <summary>
    /// The gap retransmission closes (SPEC §10.5): the host withholds a command frame and forges its answer, the
    /// client retransmits the same frame (which runs once), moves on to a newer put of the same key, and only then
    /// does the host deliver its withheld copy. It is the retransmission of the executed frame (answered from the
    /// cache) or stale (rejected); either way the newer value stays.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_withheld_command_frame_delivered_late_never_rolls_a_newer_value_back(bool lateBeforeNewer)
    {
        using var h = CreateHarness();
        var withheld = h.Seal(h.Puts(1, 86));
        var responses = new byte[h.Parameters.ResponseBytes];
        var forged = new byte[FrameLayout.Bytes(1, h.Parameters.ResponseBytes)];
        Assert.Throws<ChannelViolationException>(() => h.Session.OpenResponses(forged, responses));

        // The client retransmits the very same bytes; this time the host relays them and the put runs once.
        var answer = h.Deliver(withheld);
        h.Session.OpenResponses(answer, responses);
        h.Applied(1, 86);
        long accesses = h.Accesses;
        if (lateBeforeNewer)
        {
            Assert.Equal(answer, h.Deliver(withheld));
            Assert.Equal(accesses, h.Accesses);
        }

        h.Session.OpenResponses(h.Deliver(h.Seal(h.Puts(2, 86))), responses);
        h.Applied(2, 86);
        accesses = h.Accesses;

        Assert.Equal(ChannelFault.Replayed, Assert.Throws<ChannelViolationException>(() => h.Deliver(withheld)).Fault);
        Assert.Equal(accesses, h.Accesses);
        h.AssertMapMatchesReference();
    }

    [Fact]
    public void A_replayed_response_is_rejected_by_the_client()
    {
        using var h = CreateHarness();
        var first = h.Deliver(h.Seal(h.Puts(1, 90)));
        var second = h.Deliver(h.Seal(h.Puts(1, 91)));
        var responses = new byte[h.Parameters.ResponseBytes];
        h.Session.OpenResponses(first, responses);

        var e = Assert.Throws<ChannelViolationException>(() => h.Session.OpenResponses(first, responses));
        Assert.Equal(ChannelFault.Replayed, e.Fault);
        h.Session.OpenResponses(second, responses);
    }

    [Fact]
    public void A_forged_load_frame_is_rejected_and_the_device_stays_uninitialised_until_the_real_one()
    {
        using var h = CreateHarness();
        using var device = new Bolt.Sim.SimulatedDevice(new Bolt.Sim.SimulatedDeviceOptions { Parameters = h.Parameters, Seed = h.DeviceKey });
        var session = ChannelSession.Open(device, h.ProvisioningKey);
        var records = h.Puts(1, 1, 2, 3);
        var frame = new byte[FrameLayout.Bytes(3, h.Parameters.CommandBytes)];
        session.SealLoad(records, frame);
        var forged = (byte[])frame.Clone();
        forged[FrameLayout.HeaderBytes + 20] ^= 0x80;

        Assert.Equal(ChannelFault.BadTag, Assert.Throws<ChannelViolationException>(() => device.InitialiseSealed(forged)).Fault);
        Assert.Equal(0, device.Engine.Counters.Items);
        device.InitialiseSealed(frame);
        Assert.Equal(3, device.Engine.Counters.Items);
        Assert.Equal(ChannelFault.Replayed, Assert.Throws<ChannelViolationException>(() => device.InitialiseSealed(frame)).Fault);
    }

    [Fact]
    public void A_command_frame_cannot_pass_for_a_load_frame()
    {
        using var h = CreateHarness();
        var frame = h.Seal(h.Puts(1, 1));
        Assert.Equal(ChannelFault.Malformed, Assert.Throws<ChannelViolationException>(() => h.Device.InitialiseSealed(frame)).Fault);
        h.Deliver(frame);
        h.Applied(1, 1);
        h.AssertMapMatchesReference();
    }
}

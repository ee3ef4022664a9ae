using Bolt.Core.Channel;
using Bolt.Security.Tamper;
using Xunit;

namespace Bolt.Tests.Security;

public sealed class TamperCampaignTests
{
    private static readonly string[] CommandKinds = ["command bit flip", "command replay", "command reorder", "command truncation", "cross-session frame"];

    private static readonly string[] ResponseKinds = ["response bit flip", "response replay"];

    [Fact]
    public void Ten_thousand_attacks_on_memory_and_channel_are_all_detected_and_the_map_stays_correct()
    {
        var outcome = new TamperCampaign(new TamperCampaignOptions { Attacks = 10_000, Seed = 5 }).Run();
        Assert.Equal(10_000, outcome.Attacks);
        Assert.Equal(outcome.Attacks, outcome.Detected);
        Assert.Equal(outcome.Detected, outcome.Recovered);
        Assert.Equal(0, outcome.Undetected);
        Assert.Equal(0, outcome.FalseAlarms);
        Assert.Equal(0, outcome.StateChanges);
        Assert.Equal(0, outcome.WrongValues);
        Assert.Equal(0, outcome.FinalMismatches);
        Assert.Equal(11, outcome.ByKind.Count);
        Assert.All(outcome.ByKind.Values, k => Assert.True(k.Attacks > 800 && k.Detected == k.Attacks));

        // The device counted exactly the command forgeries; every rejected response cost one new session.
        // Each command detection is a device rejection, or a replay of the last executed frame answered from the
        // cache (a retransmission the client rejects); each response detection costs one retransmission.
        long cached = outcome.DeviceRetransmissions - ResponseKinds.Sum(k => outcome.ByKind[k].Detected);
        Assert.InRange(cached, 0, outcome.ByKind["command replay"].Detected);
        Assert.Equal(CommandKinds.Sum(k => outcome.ByKind[k].Detected) + outcome.ByKind["withheld frame"].Detected, outcome.DeviceRejections + cached);
        Assert.Equal(1 + outcome.Restarts, outcome.Sessions);
        Assert.True(outcome.Passed);
    }

    public static TheoryData<string, string[]> Verdicts => new()
    {
        { "command bit flip", [nameof(ChannelFault.Malformed), nameof(ChannelFault.UnknownSession), nameof(ChannelFault.Replayed), nameof(ChannelFault.OutOfOrder), nameof(ChannelFault.BadTag)] },
        { "command replay", [nameof(ChannelFault.Replayed), nameof(ChannelFault.UnknownSession), nameof(ChannelFault.Malformed)] },
        { "command reorder", [nameof(ChannelFault.OutOfOrder)] },
        { "command truncation", [nameof(ChannelFault.Malformed), nameof(ChannelFault.BadTag)] },
        { "cross-session frame", [nameof(ChannelFault.BadTag), nameof(ChannelFault.UnknownSession)] },
        { "response bit flip", [nameof(ChannelFault.Malformed), nameof(ChannelFault.UnknownSession), nameof(ChannelFault.Replayed), nameof(ChannelFault.OutOfOrder), nameof(ChannelFault.BadTag)] },
        { "response replay", [nameof(ChannelFault.Replayed), nameof(ChannelFault.UnknownSession), nameof(ChannelFault.Malformed)] },
        { "withheld frame", [nameof(ChannelFault.Replayed)] },
        { "page bit flip", ["IntegrityViolation"] },
    };

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void Each_kind_alone_is_detected_with_the_faults_it_can_cause(string name, string[] faults)
    {
        var kind = new TamperCampaignOptions().Kinds.Single(k => k.Name == name);
        var outcome = new TamperCampaign(new TamperCampaignOptions { Attacks = 300, Seed = 3, Kinds = [kind] }).Run();
        Assert.True(outcome.Passed);
        Assert.Equal(300, outcome.ByKind[name].Detected);
        Assert.Subset(faults.ToHashSet(), outcome.ByKind[name].Verdicts.Keys.ToHashSet());
    }

    [Fact]
    public void An_attack_that_changes_nothing_would_be_reported_undetected()
    {
        // The campaign must be able to fail: a "flip" that writes the same byte back is never detected.
        var outcome = new TamperCampaign(new TamperCampaignOptions { Attacks = 50, Kinds = [new NoOpAttack()] }).Run();
        Assert.Equal(50, outcome.Undetected);
        Assert.False(outcome.Passed);
    }

    [Theory]
    [InlineData(ChannelDirection.Command)]
    [InlineData(ChannelDirection.Response)]
    public void A_channel_attack_that_relays_the_honest_frame_would_be_reported_undetected(ChannelDirection direction)
    {
        var outcome = new TamperCampaign(new TamperCampaignOptions { Attacks = 50, Kinds = [new RelayAttack(direction)] }).Run();
        Assert.Equal(50, outcome.Undetected);
        Assert.Equal(0, outcome.Detected);
        Assert.Equal(0, outcome.WrongValues);
        Assert.False(outcome.Passed);
    }

    private sealed class NoOpAttack : IHostMemoryAttack
    {
        public string Name => "no-op";

        public IReadOnlyList<int> Apply(TamperTarget target, Random random) => [random.Next(target.Pages)];
    }

    private sealed class RelayAttack(ChannelDirection direction) : IChannelAttack
    {
        public string Name => "honest relay";

        public ChannelDirection Direction => direction;

        public byte[]? Forge(ChannelTarget target, Random random) => (byte[])target.InTransit.Clone();
    }
}

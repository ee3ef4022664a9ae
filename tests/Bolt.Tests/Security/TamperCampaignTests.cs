using Bolt.Security.Tamper;
using Xunit;

namespace Bolt.Tests.Security;

public sealed class TamperCampaignTests
{
    [Fact]
    public void Ten_thousand_attacks_are_all_detected_and_the_map_stays_correct()
    {
        var outcome = new TamperCampaign(new TamperCampaignOptions { Attacks = 10_000, Seed = 5 }).Run();
        Assert.Equal(10_000, outcome.Attacks);
        Assert.Equal(outcome.Attacks, outcome.Detected);
        Assert.Equal(outcome.Detected, outcome.Recovered);
        Assert.Equal(0, outcome.Undetected);
        Assert.Equal(0, outcome.FalseAlarms);
        Assert.Equal(0, outcome.WrongValues);
        Assert.Equal(0, outcome.FinalMismatches);
        Assert.All(outcome.ByKind.Values, k => Assert.True(k.Attacks > 3000 && k.Detected == k.Attacks));
        Assert.True(outcome.Passed);
    }

    [Fact]
    public void An_attack_that_changes_nothing_would_be_reported_undetected()
    {
        // The campaign must be able to fail: a "flip" that writes the same byte back is never detected.
        var outcome = new TamperCampaign(new TamperCampaignOptions { Attacks = 50, Kinds = [new NoOpAttack()] }).Run();
        Assert.Equal(50, outcome.Undetected);
        Assert.False(outcome.Passed);
    }

    private sealed class NoOpAttack : IHostMemoryAttack
    {
        public string Name => "no-op";

        public IReadOnlyList<int> Apply(TamperTarget target, Random random) => [random.Next(target.Pages)];
    }
}

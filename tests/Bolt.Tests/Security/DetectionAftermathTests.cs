using Bolt.Security.Tamper;
using Xunit;

namespace Bolt.Tests.Security;

public sealed class DetectionAftermathTests
{
    [Fact]
    public void A_retry_that_shows_the_aborted_pair_is_linked_and_served_after()
    {
        var aftermath = new DetectionAftermath();
        aftermath.Served(3, 9);
        aftermath.Detected(3, 9);
        aftermath.Served(1, 2);
        aftermath.Served(3, 9);
        Assert.Equal(1, aftermath.Linked);
        Assert.Equal(1, aftermath.ServedAfter);
        Assert.Equal(2, aftermath.AccessesAfter);
    }

    [Fact]
    public void A_restart_ends_the_lifetime_and_a_pair_seen_past_the_window_is_not_linked()
    {
        var aftermath = new DetectionAftermath();
        aftermath.Served(3, 9);
        aftermath.Detected(3, 9);
        aftermath.Restarted();
        for (int i = 0; i < DetectionAftermath.Window; i++)
        {
            aftermath.Served(1, 2);
        }

        aftermath.Served(3, 9);
        Assert.Equal(0, aftermath.Linked);
        Assert.Equal(0, aftermath.ServedAfter);
        Assert.Equal(0, aftermath.AccessesAfter);
    }

    [Fact]
    public void The_reversed_pair_is_not_the_same_pair()
    {
        var aftermath = new DetectionAftermath();
        aftermath.Served(3, 9);
        aftermath.Detected(3, 9);
        aftermath.Served(9, 3);
        Assert.Equal(0, aftermath.Linked);
    }
}

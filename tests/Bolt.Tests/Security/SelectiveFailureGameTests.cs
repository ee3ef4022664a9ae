using Bolt.Security.Games;
using Bolt.Sim.Engine;
using Xunit;
using Xunit.Abstractions;

namespace Bolt.Tests.Security;

public sealed class SelectiveFailureGameTests(ITestOutputHelper output)
{
    [Fact]
    public void Explore()
    {
        var options = new ActiveGamesOptions { Ops = 20_000 };
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var (tests, summaries) = SelectiveFailureGame.Play(options, LeakInjection.None, 0);
        for (int i = 0; i < tests.Count; i++)
        {
            var s = summaries[i];
            output.WriteLine($"{s.Comparison}: A {s.ReappearedA}/{s.AbortedA} ({s.ShareA:F2}) B {s.ReappearedB}/{s.AbortedB} ({s.ShareB:F2}) p={tests[i].Result.PValue:g3} corr={s.Corruptions} life={s.Lifetimes} mism={s.Mismatches} {tests[i].Result.Detail}");
        }

        output.WriteLine($"{sw.Elapsed}");
    }
}

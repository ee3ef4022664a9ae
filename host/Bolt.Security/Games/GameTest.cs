using Bolt.Security.Statistics;

namespace Bolt.Security.Games;

/// <summary>One test of an active game.</summary>
/// <param name="Game">The game ("selective failure", "restart").</param>
/// <param name="Comparison">What was compared.</param>
/// <param name="Feature">The adversary's feature.</param>
/// <param name="Result">The uncorrected test result.</param>
public sealed record GameTest(string Game, string Comparison, string Feature, TestStatistic Result);

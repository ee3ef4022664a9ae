namespace Bolt.Security.Games;

/// <summary>A positive control of the active games: a device with an old rule that the game must catch.</summary>
/// <param name="Name">The control.</param>
/// <param name="Leak">The injected rule.</param>
/// <param name="Game">The game that must catch it.</param>
/// <param name="Detected">True when the game caught it (for the statistical games: every required test below α/m; for the bias: TV ≥ 2^-32 somewhere on the grid).</param>
/// <param name="Deciding">What the verdict hangs on: the weakest required comparison, the strongest restart test, or the worst grid cell.</param>
/// <param name="PValue">That test's p-value (NaN for the exact bias computation).</param>
/// <param name="Evidence">The figures behind the verdict, in words.</param>
public sealed record ActiveControlOutcome(string Name, string Leak, string Game, bool Detected, string Deciding, double PValue, string Evidence);

namespace Bolt.Security.Experiments;

/// <summary>A positive control's result: whether the suite caught the deliberate leak, and how reliably.</summary>
/// <param name="Name">The control.</param>
/// <param name="Leak">The injected leak.</param>
/// <param name="Pair">The pair run on the leaky device.</param>
/// <param name="Detected">True when every replicate rejected some test at the real family's strictest threshold α/m.</param>
/// <param name="Power">Share of replicates that detected the leak.</param>
/// <param name="Replicates">Independent replicates run.</param>
/// <param name="StrongestFeature">The feature with the smallest p-value (first replicate).</param>
/// <param name="MinPValue">That smallest p-value.</param>
/// <param name="RejectingTests">Tests below α/m in the first replicate, out of <see cref="PairTests.Count"/>.</param>
public sealed record ControlOutcome(string Name, string Leak, string Pair, bool Detected, double Power, int Replicates, string StrongestFeature, double MinPValue, int RejectingTests);

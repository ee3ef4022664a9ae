namespace Bolt.Security.Experiments;

/// <summary>One test of the real (non-leaky) device, with its Holm-corrected verdict.</summary>
/// <param name="Pair">The workload pair.</param>
/// <param name="Feature">The feature compared.</param>
/// <param name="Adversary">"host" (trace only) or "oracle" (ground-truth keys).</param>
/// <param name="Method">The test.</param>
/// <param name="Statistic">Its statistic.</param>
/// <param name="PValue">The uncorrected p-value.</param>
/// <param name="AdjustedPValue">The Holm-adjusted p-value over the whole family.</param>
/// <param name="Distinguished">True when the adjusted p-value is at most α: the pair was told apart.</param>
/// <param name="Detail">Degrees of freedom, sizes, permutations.</param>
public sealed record TestOutcome(string Pair, string Feature, string Adversary, string Method, double Statistic, double PValue, double AdjustedPValue, bool Distinguished, string Detail)
{
    /// <summary>"pair: feature", the test's name in reports.</summary>
    public string Name => $"{Pair}: {Feature}";

    /// <summary>"indistinguishable" or "DISTINGUISHED".</summary>
    public string Verdict => Distinguished ? "DISTINGUISHED" : "indistinguishable";
}

using Bolt.Security.Statistics;

namespace Bolt.Security.Experiments;

/// <summary>One feature of a pair, compared by one test.</summary>
/// <param name="Feature">What was compared (e.g. "second-page histogram").</param>
/// <param name="Adversary">"host" for features of the trace alone; "oracle" when ground-truth keys were used.</param>
/// <param name="Result">The uncorrected test result.</param>
public sealed record FeatureTest(string Feature, string Adversary, TestStatistic Result);

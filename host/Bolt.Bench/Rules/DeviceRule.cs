namespace Bolt.Bench.Rules;

/// <summary>The three device rules `bolt bench` runs side by side on the same platform preset.</summary>
public enum DeviceRule
{
    /// <summary>Bolt as specified (hardware/SPEC.md): two candidate-page touches per access, sealed pages and channel.</summary>
    Bolt,

    /// <summary>BOLT's published rule as a model: home-page read when it is a host bin, 0/1/2 random flushes, no encryption.</summary>
    Paper,

    /// <summary>A non-oblivious baseline: every item in HBM, no host pages, no oblivious machinery.</summary>
    Plain,
}

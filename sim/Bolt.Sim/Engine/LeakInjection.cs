namespace Bolt.Sim.Engine;

/// <summary>
/// Deliberate leaks for the security suite's positive controls: each turns the device into one that a
/// sound leakage test must catch. Internal (visible to Bolt.Security and Bolt.Tests only) so no product
/// path can select one; <see cref="None"/> is the device of SPEC §6.
/// </summary>
internal enum LeakInjection
{
    /// <summary>The specified, oblivious device.</summary>
    None,

    /// <summary>BOLT's original rule: no fetch touch unless the item sits in a host page's slots (a miss, an HBM item or a pending item is served without it).</summary>
    SkipDummyFetch,

    /// <summary>The flush page is a hash of the key instead of a fresh PRNG draw.</summary>
    HashedFlushPage,

    /// <summary>Deletes skip part of the padded modify step, so they finish a few cycles early.</summary>
    ShortDelete,

    /// <summary>A miss writes back only the flush page (the untouched fetch page is not re-sealed).</summary>
    MissSkipsFetchWrite,

    /// <summary>A put's modify step takes time proportional to its value length.</summary>
    ValueLengthTiming,
}

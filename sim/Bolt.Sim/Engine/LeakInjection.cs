namespace Bolt.Sim.Engine;

/// <summary>
/// Deliberate leaks for the security suite's positive controls: each turns the device into one that a
/// sound leakage test must catch. Internal (visible to Bolt.Security and Bolt.Tests only) so no product
/// path can select one; <see cref="None"/> is the device of SPEC §6. A leak changes only what the host
/// sees (the reported touches and timing); the functional engine stays correct.
/// </summary>
internal enum LeakInjection
{
    /// <summary>The specified, oblivious device.</summary>
    None,

    /// <summary>BOLT's original rule: only the page whose slots hold the item is touched; misses, HBM, stash and pending items touch nothing.</summary>
    SkipDummyTouches,

    /// <summary>The previous design this project shipped: touch the item's home page (the less loaded candidate) plus a fresh random page.</summary>
    RevealHomePage,

    /// <summary>Dummy pages are a hash of the key instead of fresh PRNG draws.</summary>
    HashedDummyPages,

    /// <summary>Deletes skip part of the padded modify step, so they finish a few cycles early.</summary>
    ShortDelete,

    /// <summary>A miss writes back only the first page.</summary>
    MissSkipsSecondWrite,

    /// <summary>A put's modify step takes time proportional to its value length.</summary>
    ValueLengthTiming,

    /// <summary>
    /// The first version's abort rule: an integrity failure aborts one access and the device keeps serving, so the
    /// aborted item's frozen candidate pair shows again at its next access (selective failure).
    /// </summary>
    NoFailStop,

    /// <summary>The first version's dummy draw, a 32-bit range over H pages, whose bias differs from the candidate pages' law.</summary>
    BiasedDummies,

    /// <summary>
    /// A pipeline with a hazard interlock on the key: an access to the same item as the previous access waits for
    /// that access to end before its lookup (a timing leak through the pipeline, SPEC §9.2).
    /// </summary>
    HotKeyStall,
}

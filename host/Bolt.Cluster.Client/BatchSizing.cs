namespace Bolt.Cluster.Client;

/// <summary>How an epoch's per-shard batch size is chosen.</summary>
internal enum BatchSizing
{
    /// <summary>B(R, S, λ), a public function of public values (<see cref="SnoopyBound"/>): the product rule.</summary>
    SnoopyBound = 0,

    /// <summary>
    /// The largest real per-shard load of the epoch (the contact-discovery rule). It leaks that load, which depends on the
    /// keys; it exists only as the positive control the leakage suite must catch.
    /// </summary>
    ObservedMaximum = 1,
}

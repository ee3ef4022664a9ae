namespace Bolt.Security.Games;

/// <summary>What the restart game saw across two lifetimes of one root key.</summary>
/// <param name="Ops">Op-aligned accesses compared (the same workload in both lifetimes).</param>
/// <param name="EqualPairs">Ops whose ordered page pair was the same in both lifetimes (chance: about Ops/H²).</param>
/// <param name="EqualHeaders">Pages whose header (version, page index), the GCM nonce in clear, was the same in both post-load images.</param>
/// <param name="ComparedBlocks">16-byte ciphertext and tag blocks compared under equal headers.</param>
/// <param name="EqualBlocks">Of those, blocks that were identical (chance 2^-128 each under fresh keys).</param>
/// <param name="HostResident">Items the loaded lifetime keeps in host pages.</param>
/// <param name="Recovered">Items read in clear (digest, length and value all right) from the XOR of the empty-load and the loaded image.</param>
public sealed record RestartOutcome(long Ops, long EqualPairs, long EqualHeaders, long ComparedBlocks, long EqualBlocks, long HostResident, long Recovered);

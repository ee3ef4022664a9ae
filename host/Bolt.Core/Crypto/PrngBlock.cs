namespace Bolt.Core.Crypto;

/// <summary>One AES-CTR output block as four 32-bit words (SPEC §3).</summary>
public readonly record struct PrngBlock(uint W0, uint W1, uint W2, uint W3);

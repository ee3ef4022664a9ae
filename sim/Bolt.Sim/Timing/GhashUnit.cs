namespace Bolt.Sim.Timing;

/// <summary>
/// An aggregated GHASH unit (SPEC §9.2): several GF(2^128) multipliers over precomputed powers of H absorb
/// <see cref="PlatformPreset.GhashBytesPerCycle"/> bytes of ciphertext per cycle, one pass after another, and the
/// tag is out <see cref="PlatformPreset.GhashTailCycles"/> after the last byte. With the keystream computed ahead,
/// sealing or checking data costs only this pass: the AES work happened before the data was there.
/// </summary>
public sealed class GhashUnit(PlatformPreset platform)
{
    private readonly TransferCycleCache _cycles = new();
    private long _free;

    /// <summary>Absorbs <paramref name="bytes"/> ready at <paramref name="ready"/>; returns when the tag is out.</summary>
    public long Run(long ready, int bytes)
    {
        long start = Math.Max(ready, _free);
        _free = start + _cycles.Of(bytes, platform.GhashBytesPerCycle);
        return _free + platform.GhashTailCycles;
    }

    /// <summary>The cycle the unit is next free (a checkpoint keeps the modeled clock).</summary>
    internal long Free { get => _free; set => _free = value; }
}

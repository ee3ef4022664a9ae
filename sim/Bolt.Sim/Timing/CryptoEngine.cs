namespace Bolt.Sim.Timing;

/// <summary>
/// The AES-GCM engine: a pipeline at II = 1 block per cycle. A pass enters when the engine is free, occupies
/// it for its blocks, and its result is out a pipeline fill later; so back-to-back passes overlap their fill.
/// </summary>
public sealed class CryptoEngine(PlatformPreset platform)
{
    private readonly TransferCycleCache _cycles = new();
    private long _free;

    /// <summary>A pass over <paramref name="bytes"/> whose input is ready at <paramref name="ready"/>; returns when its output is done.</summary>
    public long Run(long ready, int bytes)
    {
        long start = Math.Max(ready, _free);
        _free = start + _cycles.Of(bytes, platform.AesGcmBytesPerCycle);
        return _free + platform.AesGcmFillCycles;
    }

    /// <summary>The cycle the engine is next free (a checkpoint keeps the modeled clock).</summary>
    internal long Free { get => _free; set => _free = value; }
}

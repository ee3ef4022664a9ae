namespace Bolt.Sim.Timing;

/// <summary>
/// ⌈bytes / rate⌉ for one resource, remembering the last two sizes asked: an access moves the same few sizes
/// (a page, a probe window, a record share) millions of times, and a double division on the schedule's
/// dependency chain costs more than the rest of the bookkeeping. The result is the same expression either way.
/// </summary>
internal sealed class TransferCycleCache
{
    private int _lastBytes = -1;
    private long _lastCycles;
    private int _otherBytes = -1;
    private long _otherCycles;

    /// <summary>⌈<paramref name="bytes"/> / <paramref name="bytesPerCycle"/>⌉; the rate must not change between calls.</summary>
    public long Of(int bytes, double bytesPerCycle)
    {
        if (bytes == _lastBytes)
        {
            return _lastCycles;
        }

        if (bytes == _otherBytes)
        {
            (_lastBytes, _otherBytes) = (_otherBytes, _lastBytes);
            (_lastCycles, _otherCycles) = (_otherCycles, _lastCycles);
            return _lastCycles;
        }

        long cycles = (long)Math.Ceiling(bytes / bytesPerCycle);
        (_otherBytes, _otherCycles) = (_lastBytes, _lastCycles);
        (_lastBytes, _lastCycles) = (bytes, cycles);
        return cycles;
    }
}

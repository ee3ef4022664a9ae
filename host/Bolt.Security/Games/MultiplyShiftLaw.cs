namespace Bolt.Security.Games;

/// <summary>
/// The exact law of a multiply-shift range draw <c>(w · n) >> bits</c> with w uniform over 2^bits words (SPEC §3):
/// value v is hit by the words from ⌈v·2^bits/n⌉ up to ⌈(v+1)·2^bits/n⌉ − 1, so by ⌊2^bits/n⌋ or one more of them.
/// The counts are walked in order with one remainder, no division per value, so a law over 10^8 values is exact
/// and takes well under a second: <see cref="NextIsLong"/> says which of the two counts the next value has.
/// </summary>
internal struct MultiplyShiftLaw
{
    private readonly ulong _n;
    private readonly ulong _remainder;
    private readonly UInt128 _quotient;
    private ulong _phase;

    /// <summary>Starts the walk at value <paramref name="first"/> of a range of <paramref name="n"/> values drawn from <paramref name="bits"/>-bit words.</summary>
    public MultiplyShiftLaw(int n, int bits, long first)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfNotEqual(bits is 32 or 64, true, nameof(bits));
        UInt128 words = UInt128.One << bits;
        _n = (ulong)n;
        _quotient = words / _n;
        _remainder = (ulong)(words % _n);
        _phase = (ulong)((UInt128)(ulong)first * _remainder % _n);
    }

    /// <summary>The first word that maps to <paramref name="value"/>: ⌈value·2^bits/n⌉.</summary>
    public static UInt128 FirstWord(long value, int n, int bits)
    {
        UInt128 scaled = (UInt128)(ulong)value << bits;
        return (scaled + (ulong)n - 1) / (ulong)n;
    }

    /// <summary>⌊2^bits/n⌋: the words of a short value; a long value has one more.</summary>
    public readonly UInt128 ShortCount => _quotient;

    /// <summary>True when the current value has ⌊2^bits/n⌋ + 1 words; advances to the next value.</summary>
    public bool NextIsLong()
    {
        // count(v) = q + [t + r ≥ n] + [t' ≠ 0] − [t ≠ 0], with t = v·r mod n and t' = (v+1)·r mod n.
        ulong carry = _phase + _remainder >= _n ? 1UL : 0UL;
        ulong next = _phase + _remainder - (carry * _n);
        bool isLong = carry + (next != 0 ? 1UL : 0UL) - (_phase != 0 ? 1UL : 0UL) == 1;
        _phase = next;
        return isLong;
    }
}

using System.Buffers.Binary;

namespace Bolt.Workloads;

/// <summary>
/// Deterministic values for workloads: the bytes stored under key k at version s are a function of (k, s),
/// so the reference model keeps one number per key instead of a copy of every value.
/// </summary>
public static class ReferenceValues
{
    /// <summary>Fills <paramref name="value"/> with the bytes of (key, stamp).</summary>
    public static void Fill(Span<byte> value, long key, ulong stamp)
    {
        ulong state = ((ulong)key * 0x9E3779B97F4A7C15) ^ stamp;
        Span<byte> word = stackalloc byte[8];
        for (int i = 0; i < value.Length; i += 8)
        {
            state += 0x9E3779B97F4A7C15;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            BinaryPrimitives.WriteUInt64LittleEndian(word, z ^ (z >> 31));
            word[..Math.Min(8, value.Length - i)].CopyTo(value[i..]);
        }
    }

    /// <summary>True when <paramref name="value"/> is exactly the bytes of (key, stamp).</summary>
    public static bool Matches(ReadOnlySpan<byte> value, long key, ulong stamp, int length)
    {
        if (value.Length != length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[length];
        Fill(expected, key, stamp);
        return value.SequenceEqual(expected);
    }
}

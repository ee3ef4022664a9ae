namespace Bolt.Workloads;

/// <summary>Draws key indices in [0, keys) by a <see cref="KeyDistribution"/>.</summary>
public sealed class KeyChooser
{
    private readonly KeyDistribution _distribution;
    private readonly long _keys;
    private readonly ZipfianGenerator? _zipf;
    private readonly long _hotKey;
    private long _next;

    /// <summary>Creates a chooser; the hot key and the sequential start come from <paramref name="random"/>.</summary>
    public KeyChooser(KeyDistribution distribution, long keys, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        _distribution = distribution;
        _keys = keys;
        _zipf = distribution == KeyDistribution.Zipf ? new ZipfianGenerator(keys) : null;
        _hotKey = random.NextInt64(keys);
        _next = random.NextInt64(keys);
    }

    /// <summary>The next key index.</summary>
    public long Next(Random random) => _distribution switch
    {
        KeyDistribution.Uniform => random.NextInt64(_keys),
        KeyDistribution.Zipf => Scramble(_zipf!.Next(random)),
        KeyDistribution.Hot => _hotKey,
        _ => _next++ % _keys,
    };

    /// <summary>YCSB scrambles Zipfian ranks so popular keys are spread over the key space (FNV-1a of the rank).</summary>
    private long Scramble(long rank)
    {
        ulong hash = 0xcbf29ce484222325;
        for (int i = 0; i < 8; i++)
        {
            hash = (hash ^ (byte)(rank >> (8 * i))) * 0x100000001b3;
        }

        return (long)(hash % (ulong)_keys);
    }
}

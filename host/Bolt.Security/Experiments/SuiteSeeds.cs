namespace Bolt.Security.Experiments;

/// <summary>Seeds of the suite's runs, each derived from the suite seed and the run's role.</summary>
internal static class SuiteSeeds
{
    /// <summary>A seed for (pair, role, replicate), mixed from the suite seed by SplitMix64's finaliser.</summary>
    public static int Derive(long seed, int pair, int role, int replicate)
    {
        ulong z = (ulong)seed * 0x9E3779B97F4A7C15;
        z += ((ulong)pair << 40) ^ ((ulong)role << 24) ^ (ulong)replicate;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }
}

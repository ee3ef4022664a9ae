using System.Globalization;

namespace Bolt.Cluster;

/// <summary>
/// How a silo tells the cluster which shard devices it owns: one silo-metadata entry (Orleans silo metadata), the
/// shard numbers as a comma-separated list. The placement director reads it to put shard grain k where device k is.
/// </summary>
public static class ShardOwnership
{
    /// <summary>The silo-metadata key.</summary>
    public const string MetadataKey = "bolt.shards";

    /// <summary>The metadata value for <paramref name="shards"/>.</summary>
    public static string Format(IEnumerable<int> shards) => string.Join(",", shards.Select(s => s.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Whether a silo whose metadata value is <paramref name="value"/> owns <paramref name="shard"/>.</summary>
    public static bool Owns(string? value, long shard)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        foreach (var part in value.Split(','))
        {
            if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out long owned) && owned == shard)
            {
                return true;
            }
        }

        return false;
    }
}

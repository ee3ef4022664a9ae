using Bolt.Core.Abi;

namespace Bolt.Client;

/// <summary>One request of a batch: an op, the application key, and the value for a put.</summary>
/// <param name="Op">What to do; a contains is a <see cref="OpCode.Get"/>, so the two look alike even to the device.</param>
/// <param name="Key">The application key.</param>
/// <param name="Value">The value of a put (empty allowed); ignored for other ops.</param>
public readonly record struct MapRequest(OpCode Op, MapKey Key, ReadOnlyMemory<byte> Value = default)
{
    /// <summary>A get of <paramref name="key"/>.</summary>
    public static MapRequest Get(MapKey key) => new(OpCode.Get, key);

    /// <summary>A membership test of <paramref name="key"/>: a get whose <see cref="MapResult.WasPresent"/> is the answer.</summary>
    public static MapRequest Contains(MapKey key) => new(OpCode.Get, key);

    /// <summary>A put (insert or update) of <paramref name="value"/> under <paramref name="key"/>.</summary>
    public static MapRequest Put(MapKey key, ReadOnlyMemory<byte> value) => new(OpCode.Put, key, value);

    /// <summary>A delete of <paramref name="key"/>.</summary>
    public static MapRequest Delete(MapKey key) => new(OpCode.Delete, key);
}

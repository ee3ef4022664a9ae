using Bolt.Core.Abi;

namespace Bolt.Client;

/// <summary>One request of a batch: an op, the application key, and the value for a put.</summary>
public readonly record struct MapRequest(OpCode Op, ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value = default)
{
    /// <summary>A get of <paramref name="key"/>.</summary>
    public static MapRequest Get(ReadOnlyMemory<byte> key) => new(OpCode.Get, key);

    /// <summary>A put of <paramref name="value"/> under <paramref name="key"/>.</summary>
    public static MapRequest Put(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value) => new(OpCode.Put, key, value);

    /// <summary>A delete of <paramref name="key"/>.</summary>
    public static MapRequest Delete(ReadOnlyMemory<byte> key) => new(OpCode.Delete, key);
}

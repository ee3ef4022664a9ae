namespace Bolt.Core;

/// <summary>A value is longer than the map's configured maximum; nothing was sent and nothing changed.</summary>
public sealed class ValueTooLargeException(int length, int maximum)
    : BoltException($"The value is {length} bytes; this map stores at most {maximum}. Nothing was sent.")
{
    /// <summary>The rejected value's length.</summary>
    public int Length { get; } = length;

    /// <summary>The map's maximum value length.</summary>
    public int Maximum { get; } = maximum;
}

using Bolt.Core;
using Bolt.Core.Abi;

namespace Bolt.Client;

/// <summary>The map is full: an insert was refused and nothing changed.</summary>
public class CapacityExceededException(string message) : BoltException(message);

/// <summary>The overflow stash filled, so the device refuses inserts from now on; nothing was lost.</summary>
public sealed class StashOverflowException(string message) : CapacityExceededException(message);

/// <summary>A value is longer than the map's configured maximum; nothing was sent.</summary>
public sealed class ValueTooLargeException(int length, int maximum)
    : BoltException($"The value is {length} bytes; this map stores at most {maximum}.")
{
    /// <summary>The rejected value's length.</summary>
    public int Length { get; } = length;

    /// <summary>The map's maximum value length.</summary>
    public int Maximum { get; } = maximum;
}

/// <summary>The device answered in a way the client did not expect (a protocol or device fault).</summary>
public sealed class DeviceFailureException(string message) : BoltException(message);

/// <summary>Turns a device status into the typed exception the single-op API throws.</summary>
internal static class MapErrors
{
    public static BoltException ToException(DeviceStatus status, int valueLength, int maximum) => status switch
    {
        DeviceStatus.CapacityExceeded => new CapacityExceededException("The map is at capacity; the insert was refused and nothing changed."),
        DeviceStatus.StashOverflow => new StashOverflowException("The device's overflow stash is full; inserts are refused from now on. Existing items are intact."),
        DeviceStatus.ValueTooLarge => new ValueTooLargeException(valueLength, maximum),
        DeviceStatus.IntegrityViolation => new IntegrityViolationException(-1, "reported by the device"),
        _ => new DeviceFailureException($"The device answered {status} unexpectedly."),
    };
}

using Bolt.Core;
using Bolt.Core.Abi;

namespace Bolt.Client;

/// <summary>Turns a device status into the typed exception the single-op API throws.</summary>
internal static class MapErrors
{
    public static BoltException ToException(DeviceStatus status, int valueLength, int maximum) => status switch
    {
        DeviceStatus.CapacityExceeded => new CapacityExceededException("The map is at capacity; the insert was refused and nothing changed."),
        DeviceStatus.StashOverflow => new StashOverflowException("The device's overflow stash is full; inserts are refused from now on. Existing items are intact."),
        DeviceStatus.ValueTooLarge => new ValueTooLargeException(valueLength, maximum),
        DeviceStatus.IntegrityViolation => new IntegrityViolationException(
            "Host memory failed authentication (a page the access read was altered, swapped or replayed by the host); the access was aborted and changed nothing."),
        _ => new DeviceFailureException($"The device answered {status} to a request the client built well-formed."),
    };
}

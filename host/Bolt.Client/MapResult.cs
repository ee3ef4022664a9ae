using Bolt.Core.Abi;

namespace Bolt.Client;

/// <summary>The outcome of one request of a batch.</summary>
/// <param name="Status">The device's status for the request.</param>
/// <param name="WasPresent">Whether the key was in the map before the request.</param>
/// <param name="Value">The value read by a successful get (empty for an empty value); null otherwise.</param>
public readonly record struct MapResult(DeviceStatus Status, bool WasPresent, byte[]? Value)
{
    /// <summary>True when the device did what was asked (a get or delete of an absent key is <see cref="DeviceStatus.NotFound"/>).</summary>
    public bool Succeeded => Status == DeviceStatus.Ok;
}

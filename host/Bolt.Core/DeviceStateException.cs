namespace Bolt.Core;

/// <summary>
/// The device is not in the state the call needs: a map was created on a device that already holds one, or a
/// client connected to (or a command reached) a device that was never initialised. Nothing changed.
/// </summary>
public sealed class DeviceStateException(string message) : BoltException(message);

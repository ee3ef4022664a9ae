namespace Bolt.Core;

/// <summary>
/// The device refused the request because an earlier access in its lifetime failed authentication: it has halted
/// (fail-stop, SPEC §6) and will serve nothing again, even if the host restores its memory. Nothing ran. The map
/// comes back only in a new device lifetime — re-provisioned and reloaded from the application's copy, or restored
/// from an authenticated checkpoint.
/// </summary>
public sealed class DeviceHaltedException : BoltException
{
    /// <summary>Creates the exception.</summary>
    public DeviceHaltedException()
        : base("The device has halted after host memory failed authentication earlier in its lifetime (fail-stop); nothing ran. "
            + "Start a new device lifetime and reload the map, or restore it from an authenticated checkpoint.")
    {
    }
}

namespace Bolt.Core;

/// <summary>
/// The connection to a remote device (a `bolt serve` daemon) was lost or could not be made. Nothing about the map's
/// state follows from it: a command frame in flight either ran whole or not at all, and the client keeps it and
/// retransmits the same bytes on the same session once the connection is back (SPEC §10.5), so it runs at most once.
/// </summary>
public sealed class DeviceConnectionException : BoltException
{
    /// <summary>Creates the exception with a message.</summary>
    public DeviceConnectionException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the socket error behind it.</summary>
    public DeviceConnectionException(string message, Exception inner) : base(message, inner) { }
}

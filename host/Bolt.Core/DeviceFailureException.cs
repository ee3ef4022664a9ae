namespace Bolt.Core;

/// <summary>The device failed or answered in a way the client did not expect (a protocol or device fault).</summary>
public sealed class DeviceFailureException : BoltException
{
    /// <summary>Creates the exception with a message.</summary>
    public DeviceFailureException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the device's own error.</summary>
    public DeviceFailureException(string message, Exception inner) : base(message, inner) { }
}

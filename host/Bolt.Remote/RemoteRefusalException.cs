using Bolt.Core;
using Bolt.Remote.Protocol;

namespace Bolt.Remote;

/// <summary>
/// The daemon refused a request for a reason of its own and keeps the connection: it takes no load (the device is
/// already initialised, or waits for one before anything else), or the device reported an error it does not type.
/// </summary>
public sealed class RemoteRefusalException : BoltException
{
    /// <summary>Creates the exception from the daemon's error reply.</summary>
    public RemoteRefusalException(ErrorMessage error)
        : base($"The daemon refused the request ({error?.Code}): {error?.Text}")
    {
        Code = error!.Code;
        Detail = error.Detail;
    }

    /// <summary>The daemon's error code.</summary>
    public ErrorCode Code { get; }

    /// <summary>The error's detail byte: the channel fault or the device status, where the code has one.</summary>
    public byte Detail { get; }
}

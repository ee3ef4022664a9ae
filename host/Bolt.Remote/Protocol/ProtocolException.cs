using Bolt.Core;

namespace Bolt.Remote.Protocol;

/// <summary>A peer broke the daemon protocol (docs/protocol.md); the connection cannot go on.</summary>
public sealed class ProtocolException : BoltException
{
    /// <summary>Creates the exception for an error code with a message that says what was wrong.</summary>
    public ProtocolException(ErrorCode code, string message)
        : base(message) => Code = code;

    /// <summary>What was wrong, as the daemon reports it on the wire.</summary>
    public ErrorCode Code { get; }
}

namespace Bolt.Core;

/// <summary>A request the client cannot send (an unknown op, a default request with no key); caught before anything was sent.</summary>
public sealed class InvalidRequestException(string message) : BoltException(message);

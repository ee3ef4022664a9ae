namespace Bolt.Core;

/// <summary>The base of every error Bolt reports; catch it to catch them all.</summary>
public class BoltException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public BoltException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public BoltException(string message, Exception inner) : base(message, inner) { }
}

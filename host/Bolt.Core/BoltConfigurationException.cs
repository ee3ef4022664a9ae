namespace Bolt.Core;

/// <summary>A map or device parameter is invalid; <see cref="Parameter"/> names it.</summary>
public sealed class BoltConfigurationException : BoltException
{
    /// <summary>Creates the exception for one bad parameter.</summary>
    public BoltConfigurationException(string parameter, string message) : base(message) => Parameter = parameter;

    /// <summary>The name of the offending parameter, as the API and CLI spell it.</summary>
    public string Parameter { get; }
}

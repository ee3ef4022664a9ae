namespace Bolt.Core;

/// <summary>The map is full: an insert was refused and nothing changed.</summary>
public class CapacityExceededException(string message) : BoltException(message);

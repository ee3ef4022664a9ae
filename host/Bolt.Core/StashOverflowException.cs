namespace Bolt.Core;

/// <summary>The overflow stash filled, so the device refuses inserts from now on; nothing was lost.</summary>
public sealed class StashOverflowException(string message) : CapacityExceededException(message);

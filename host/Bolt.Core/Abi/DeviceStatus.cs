namespace Bolt.Core.Abi;

/// <summary>The status a response record carries (SPEC §8).</summary>
public enum DeviceStatus : uint
{
    /// <summary>Done.</summary>
    Ok = 0,

    /// <summary>Get or delete of an absent key.</summary>
    NotFound = 1,

    /// <summary>Insert refused: the map holds N items (or the probe window is full).</summary>
    CapacityExceeded = 2,

    /// <summary>Insert refused: the overflow stash filled, a sticky state.</summary>
    StashOverflow = 3,

    /// <summary>Put of a value longer than the map's value size.</summary>
    ValueTooLarge = 4,

    /// <summary>Unknown operation code.</summary>
    InvalidCommand = 5,

    /// <summary>The reserved all-zero digest.</summary>
    InvalidKey = 6,

    /// <summary>A host page failed authentication; the access changed nothing.</summary>
    IntegrityViolation = 7,

    /// <summary>
    /// Refused: an earlier access failed authentication and the device has halted (SPEC §6, fail-stop). Nothing ran;
    /// the device serves no access again in this lifetime.
    /// </summary>
    Halted = 8,
}

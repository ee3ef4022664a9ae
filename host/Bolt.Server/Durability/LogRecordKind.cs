namespace Bolt.Server.Durability;

/// <summary>What a write-ahead log record holds: one device call's input, exactly as the device received it.</summary>
public enum LogRecordKind : uint
{
    /// <summary>A client hello (the device opened, or refused, a session).</summary>
    Hello = 1,

    /// <summary>A sealed load or load-part frame.</summary>
    Load = 2,

    /// <summary>One multi-frame call: a u32 count, then each sealed command frame as u32 length and bytes.</summary>
    Frames = 3,
}

namespace Bolt.Core.Channel;

/// <summary>What a sealed frame carries (SPEC §10); part of the nonce and the authenticated header.</summary>
public enum FrameKind : uint
{
    /// <summary>Command records, client to device.</summary>
    Commands = 1,

    /// <summary>Response records, device to client.</summary>
    Responses = 2,

    /// <summary>Bulk-load Put records (SPEC §7), client to device: the whole load, or the last part of a streamed one.</summary>
    Load = 3,

    /// <summary>A part of a bulk load streamed in several frames (SPEC §7), client to device; a <see cref="Load"/> frame ends it.</summary>
    LoadPart = 4,
}

namespace Bolt.Core.Channel;

/// <summary>What a sealed frame carries (SPEC §10); part of the nonce and the authenticated header.</summary>
public enum FrameKind : uint
{
    /// <summary>Command records, client to device.</summary>
    Commands = 1,

    /// <summary>Response records, device to client.</summary>
    Responses = 2,

    /// <summary>Bulk-load Put records (SPEC §7), client to device.</summary>
    Load = 3,
}

namespace Bolt.Security.Tamper;

/// <summary>Which sealed frame in transit a channel attack strikes.</summary>
public enum ChannelDirection
{
    /// <summary>The command frame on its way from the client to the device: the device must reject what the host delivers.</summary>
    Command = 1,

    /// <summary>The response frame on its way back: the client must reject what the host hands it.</summary>
    Response = 2,
}

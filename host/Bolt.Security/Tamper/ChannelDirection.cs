namespace Bolt.Security.Tamper;

/// <summary>Which sealed frame in transit a channel attack strikes.</summary>
public enum ChannelDirection
{
    /// <summary>The command frame on its way from the client to the device: the device must reject what the host delivers.</summary>
    Command = 1,

    /// <summary>The response frame on its way back: the client must reject what the host hands it.</summary>
    Response = 2,

    /// <summary>
    /// The command frame held back: the host forges its answer, lets the client retransmit it, and delivers its held
    /// copy after a newer frame; the client must reject the forged answer and the device the late copy.
    /// </summary>
    Withheld = 3,
}

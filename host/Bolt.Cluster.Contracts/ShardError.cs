namespace Bolt.Cluster;

/// <summary>Why a shard grain's device refused a call; each maps back to the typed error a local device throws.</summary>
public enum ShardError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The device rejected a frame or hello (ChannelViolationException; detail: the ChannelFault).</summary>
    ChannelRejected = 1,

    /// <summary>The device refused a bulk load (BulkLoadException; detail: the DeviceStatus).</summary>
    LoadRefused = 2,

    /// <summary>The device holds no map, or already holds one (DeviceStateException).</summary>
    DeviceState = 3,

    /// <summary>The device halted after detecting tampering (DeviceHaltedException).</summary>
    DeviceHalted = 4,

    /// <summary>The device behind the silo could not be reached (DeviceConnectionException): the frame ran whole or not at all.</summary>
    DeviceUnreachable = 5,

    /// <summary>Anything else the device did wrong (DeviceFailureException).</summary>
    DeviceFailure = 6,

    /// <summary>This silo holds no device for the shard (the grain was activated where its device is not).</summary>
    NoDevice = 7,
}

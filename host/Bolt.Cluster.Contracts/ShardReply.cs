using Orleans;

namespace Bolt.Cluster;

/// <summary>
/// A shard grain's answer: the bytes the device wrote (a device hello or a sealed response frame; empty for a load),
/// or the device's refusal as a <see cref="ShardError"/> with its detail (a channel fault or a device status).
/// </summary>
/// <param name="Bytes">The device's output; empty when <paramref name="Error"/> is not <see cref="ShardError.None"/>.</param>
/// <param name="Error">What went wrong, if anything.</param>
/// <param name="Detail">The channel fault or device status that goes with <paramref name="Error"/>.</param>
/// <param name="Message">The device's message for a refusal.</param>
[GenerateSerializer, Immutable]
public sealed record ShardReply(
    [property: Id(0)] byte[] Bytes,
    [property: Id(1)] ShardError Error,
    [property: Id(2)] int Detail,
    [property: Id(3)] string? Message)
{
    /// <summary>A successful reply carrying <paramref name="bytes"/>.</summary>
    public static ShardReply Ok(byte[] bytes) => new(bytes, ShardError.None, 0, null);

    /// <summary>A refusal.</summary>
    public static ShardReply Refused(ShardError error, int detail, string message) => new([], error, detail, message);
}

namespace Bolt.Security.Tamper;

/// <summary>
/// Hands the client an older response frame instead of the one in transit (after the device served the batch),
/// preferring one of the same length, which only its sequence number, session and tag give away.
/// </summary>
public sealed class ResponseReplayAttack : IChannelAttack
{
    /// <inheritdoc/>
    public string Name => "response replay";

    /// <inheritdoc/>
    public ChannelDirection Direction => ChannelDirection.Response;

    /// <inheritdoc/>
    public byte[]? Forge(ChannelTarget target, Random random)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(random);
        var earlier = target.EarlierResponses;
        if (earlier.Count == 0)
        {
            return null;
        }

        var sameLength = earlier.Where(r => r.Length == target.InTransit.Length).ToArray();
        var pool = sameLength.Length > 0 ? sameLength : [.. earlier];
        return (byte[])pool[random.Next(pool.Length)].Clone();
    }
}

namespace Bolt.Remote;

/// <summary>How a <see cref="RemoteDevice"/> reaches its daemon and how long it waits.</summary>
public sealed record RemoteDeviceOptions
{
    /// <summary>How long a call keeps trying to (re)connect before it reports the connection lost.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a request waits for its reply before the connection counts as lost.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

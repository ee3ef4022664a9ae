using System.Net;

namespace Bolt.Server;

/// <summary>How `bolt serve` listens, how many clients it takes and how long it waits for them.</summary>
public sealed record BoltServerOptions
{
    /// <summary>The Unix domain socket to listen on (null: none).</summary>
    public string? UnixSocketPath { get; init; }

    /// <summary>The TCP endpoint to listen on (null: none). Loopback unless the operator asks for more.</summary>
    public IPEndPoint? TcpEndPoint { get; init; }

    /// <summary>Clients served at once; the next one gets <c>ServerFull</c> and is closed.</summary>
    public int MaxClients { get; init; } = 256;

    /// <summary>Requests one client may have waiting or unanswered; beyond it the daemon stops reading that client.</summary>
    public int InFlightPerClient { get; init; } = 4;

    /// <summary>Sealed frames, of different clients, handed to the device in one call (multi-frame submission).</summary>
    public int MaxFramesPerDeviceCall { get; init; } = 64;

    /// <summary>Records a command frame may carry (the device's frame limit, SPEC §10.4); bounds the daemon's buffers.</summary>
    public int MaxFrameRecords { get; init; } = Bolt.Core.Channel.ChannelEndpoint.MaxFrameRecords;

    /// <summary>How long a started message may stay incomplete before the client is closed (half-open or trickling peers).</summary>
    public TimeSpan MessageTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a client may sit with nothing to send before it is closed; zero waits for ever.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>How long a reply may wait for a client that does not read before the client is closed (slow readers).</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long shutdown waits for the requests already read to be answered.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Start with the device uninitialised and take the first client's sealed load frame (a client-chosen bulk load);
    /// otherwise the daemon initialises the device empty at start and refuses loads.
    /// </summary>
    public bool AwaitLoad { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="Bolt.Core.BoltConfigurationException">An option is out of range or nothing is to be listened on.</exception>
    public void Validate()
    {
        Require(UnixSocketPath is not null || TcpEndPoint is not null, "listen", "give a Unix socket path, a TCP endpoint or both");
        Require(MaxClients is >= 1 and <= 65536, "max-clients", "must be between 1 and 65536");
        Require(InFlightPerClient is >= 1 and <= 1024, "in-flight", "must be between 1 and 1024");
        Require(MaxFramesPerDeviceCall is >= 1 and <= 4096, "frames-per-call", "must be between 1 and 4096");
        Require(MaxFrameRecords is >= 1 and <= Bolt.Core.Channel.ChannelEndpoint.MaxFrameRecords, "max-frame-records", $"must be between 1 and {Bolt.Core.Channel.ChannelEndpoint.MaxFrameRecords}");
        Require(MessageTimeout > TimeSpan.Zero && WriteTimeout > TimeSpan.Zero && IdleTimeout >= TimeSpan.Zero && DrainTimeout >= TimeSpan.Zero, "timeout", "timeouts must be positive");
    }

    private static void Require(bool condition, string name, string rule)
    {
        if (!condition)
        {
            throw new Bolt.Core.BoltConfigurationException("--" + name, $"--{name}: {rule}.");
        }
    }
}

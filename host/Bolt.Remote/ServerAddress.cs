using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bolt.Core;

namespace Bolt.Remote;

/// <summary>
/// Where a `bolt serve` daemon listens: a Unix domain socket (<c>unix:/run/bolt.sock</c>, or any absolute path) or a
/// TCP endpoint (<c>tcp:127.0.0.1:7461</c>, or <c>host:port</c>).
/// </summary>
public sealed record ServerAddress
{
    /// <summary>The TCP port the daemon listens on when none is given.</summary>
    public const int DefaultPort = 7461;

    private ServerAddress(EndPoint endPoint, string text)
    {
        EndPoint = endPoint;
        Text = text;
    }

    /// <summary>The socket endpoint.</summary>
    public EndPoint EndPoint { get; }

    /// <summary>The address as written.</summary>
    public string Text { get; }

    /// <summary>Whether this is a Unix domain socket.</summary>
    public bool IsUnix => EndPoint is UnixDomainSocketEndPoint;

    /// <summary>Parses an address.</summary>
    /// <exception cref="BoltConfigurationException">The text is not an address of either form.</exception>
    public static ServerAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith("unix:", StringComparison.Ordinal) || text.StartsWith('/'))
        {
            string path = text.StartsWith("unix:", StringComparison.Ordinal) ? text["unix:".Length..] : text;
            return path.Length == 0
                ? throw new BoltConfigurationException("server", $"'{text}' names no socket path.")
                : new ServerAddress(new UnixDomainSocketEndPoint(path), "unix:" + path);
        }

        string hostPort = text.StartsWith("tcp:", StringComparison.Ordinal) ? text["tcp:".Length..] : text;
        int colon = hostPort.LastIndexOf(':');
        string host = colon < 0 ? hostPort : hostPort[..colon];
        int port = DefaultPort;
        if (colon >= 0 && (!int.TryParse(hostPort[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new BoltConfigurationException("server", $"'{text}' is not unix:PATH, tcp:HOST:PORT or HOST:PORT.");
        }

        host = host.Trim('[', ']');
        if (host.Length == 0 || host == "localhost")
        {
            host = "127.0.0.1";
        }

        return IPAddress.TryParse(host, out var ip)
            ? new ServerAddress(new IPEndPoint(ip, port), $"tcp:{hostPort}")
            : new ServerAddress(new DnsEndPoint(host, port), $"tcp:{hostPort}");
    }

    /// <summary>Opens a connected socket to the address (TCP with Nagle off: frames are small and latency counts).</summary>
    /// <exception cref="SocketException">Nothing listens there.</exception>
    public Socket Connect()
    {
        var socket = IsUnix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Connect(EndPoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}

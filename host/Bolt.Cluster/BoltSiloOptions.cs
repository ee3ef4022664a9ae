using System.Net;
using Bolt.Core;

namespace Bolt.Cluster;

/// <summary>
/// One silo of a Bolt cluster on one machine (loopback, Orleans' development clustering): its ports, the primary silo
/// that keeps the membership (none for the primary itself), the cluster's ids, and its shard devices.
/// </summary>
public sealed class BoltSiloOptions
{
    /// <summary>The default cluster id (every silo and client of a cluster must agree).</summary>
    public const string DefaultClusterId = "bolt";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>The gateway port clients connect to.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>The primary silo's silo port; null when this silo is the primary.</summary>
    public int? PrimarySiloPort { get; init; }

    /// <summary>The cluster id.</summary>
    public string ClusterId { get; init; } = DefaultClusterId;

    /// <summary>The shard devices this silo owns.</summary>
    public BoltShardOptions Shards { get; init; } = new();

    /// <summary>The primary silo's endpoint on loopback.</summary>
    public IPEndPoint? PrimaryEndPoint => PrimarySiloPort is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null;

    /// <summary>Throws <see cref="BoltConfigurationException"/> naming a bad option.</summary>
    public void Validate()
    {
        foreach (var (name, port) in new[] { (nameof(SiloPort), SiloPort), (nameof(GatewayPort), GatewayPort), (nameof(PrimarySiloPort), PrimarySiloPort ?? 1) })
        {
            if (port is < 1 or > 65535)
            {
                throw new BoltConfigurationException(name, $"{name} = {port} is not a TCP port.");
            }
        }

        if (SiloPort == GatewayPort)
        {
            throw new BoltConfigurationException(nameof(GatewayPort), $"The silo and gateway ports must differ (both {SiloPort}).");
        }

        Shards.Validate();
    }
}

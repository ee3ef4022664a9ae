using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;

namespace Bolt.Cluster;

/// <summary>Builds the generic host of one Bolt silo (`bolt cluster`): Orleans on loopback plus the silo's shard devices.</summary>
public static class BoltSiloHost
{
    /// <summary>Builds (does not start) the silo's host.</summary>
    /// <exception cref="Bolt.Core.BoltConfigurationException">An option is invalid.</exception>
    public static IHost Build(BoltSiloOptions options, LogLevel logLevel = LogLevel.Warning)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        // Logs go to stderr: stdout carries the silo's one ready line that scripts wait for.
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(logLevel);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, options.PrimaryEndPoint, options.ClusterId, options.ClusterId);
            silo.AddBoltShards(options.Shards);
        });
        return builder.Build();
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;

namespace Bolt.Cluster.Client;

/// <summary>
/// An Orleans client connected to a Bolt cluster's gateways on this machine (loopback): what a
/// <see cref="ShardedObliviousMap"/> reaches its shards through. Orleans spreads calls over the gateways and fails over
/// when one goes down.
/// </summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterConnection(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The Orleans client.</summary>
    public IClusterClient Client { get; }

    /// <summary>Connects to the gateways on <paramref name="gatewayPorts"/> of cluster <paramref name="clusterId"/>.</summary>
    public static async Task<ClusterConnection> ConnectLocalAsync(IReadOnlyList<int> gatewayPorts, string clusterId = "bolt", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gatewayPorts);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client.UseLocalhostClustering([.. gatewayPorts], clusterId, clusterId));
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new ClusterConnection(host);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}

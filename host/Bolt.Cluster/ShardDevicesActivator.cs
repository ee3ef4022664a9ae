using Microsoft.Extensions.Hosting;

namespace Bolt.Cluster;

/// <summary>Builds the silo's shard devices when the host starts, not at a grain's first call: a device that cannot be built stops the silo at once, and its keys are published before clients come.</summary>
internal sealed class ShardDevicesActivator(ShardDevices devices) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(devices.Shards);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

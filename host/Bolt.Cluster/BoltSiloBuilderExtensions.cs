using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Bolt.Cluster;

/// <summary>Makes an Orleans silo a member of a Bolt cluster.</summary>
public static class BoltSiloBuilderExtensions
{
    /// <summary>
    /// Registers the shard devices this silo owns, announces them in the silo's metadata, and installs the placement
    /// director that puts each shard grain on its device's silo. Every silo of a Bolt cluster calls this, also one that
    /// owns no shard (it can still receive client calls and place grains).
    /// </summary>
    public static ISiloBuilder AddBoltShards(this ISiloBuilder builder, BoltShardOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        builder.UseSiloMetadata(new Dictionary<string, string> { [ShardOwnership.MetadataKey] = ShardOwnership.Format(options.Shards) });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ShardDevices>();
        builder.Services.AddHostedService<ShardDevicesActivator>();
        builder.Services.AddPlacementDirector<ShardDevicePlacement, ShardDevicePlacementDirector>();
        return builder;
    }
}

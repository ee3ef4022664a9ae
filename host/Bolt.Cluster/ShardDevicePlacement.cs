using Orleans;
using Orleans.Placement;
using Orleans.Runtime;

namespace Bolt.Cluster;

/// <summary>Placement strategy of shard grains: on the silo that owns the shard's device (<see cref="ShardDevicePlacementDirector"/>).</summary>
[GenerateSerializer, Immutable]
public sealed class ShardDevicePlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static ShardDevicePlacement Instance { get; } = new();
}

/// <summary>Marks a grain class to be placed by <see cref="ShardDevicePlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ShardDevicePlacementAttribute : PlacementAttribute
{
    /// <summary>Creates the attribute.</summary>
    public ShardDevicePlacementAttribute()
        : base(ShardDevicePlacement.Instance)
    {
    }
}

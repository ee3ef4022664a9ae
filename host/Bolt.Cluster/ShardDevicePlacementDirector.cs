using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace Bolt.Cluster;

/// <summary>
/// Places shard grain k on the live silo whose metadata says it owns device k (<see cref="ShardOwnership"/>). When no
/// live silo owns it (its silo is down or still joining), activation fails with <see cref="ShardUnavailableException"/>:
/// the grain must never run where its device is not, so there is no fallback silo.
/// </summary>
public sealed class ShardDevicePlacementDirector(ISiloMetadataCache metadata) : IPlacementDirector
{
    /// <inheritdoc/>
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        long shard = target.GrainIdentity.GetIntegerKey();
        foreach (var silo in context.GetCompatibleSilos(target))
        {
            metadata.GetSiloMetadata(silo).Metadata.TryGetValue(ShardOwnership.MetadataKey, out var owned);
            if (ShardOwnership.Owns(owned, shard))
            {
                return Task.FromResult(silo);
            }
        }

        throw new ShardUnavailableException(shard);
    }
}

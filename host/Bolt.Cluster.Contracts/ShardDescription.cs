using Bolt.Core;
using Orleans;

namespace Bolt.Cluster;

/// <summary>A shard device's public description: its map parameters, its name, and the silo that hosts it.</summary>
[GenerateSerializer, Immutable]
public sealed record ShardDescription(
    [property: Id(0)] int Capacity,
    [property: Id(1)] int BinFactor,
    [property: Id(2)] double HbmFraction,
    [property: Id(3)] int ValueSize,
    [property: Id(4)] int StashCapacity,
    [property: Id(5)] int SlotsPerBin,
    [property: Id(6)] int SessionSlots,
    [property: Id(7)] string DeviceName,
    [property: Id(8)] string Silo)
{
    /// <summary>Describes <paramref name="parameters"/> of device <paramref name="deviceName"/> on silo <paramref name="silo"/>.</summary>
    public static ShardDescription Of(BoltParameters parameters, string deviceName, string silo)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new(parameters.Capacity, parameters.BinFactor, parameters.HbmFraction, parameters.ValueSize, parameters.StashCapacity,
            parameters.SlotsPerBin, parameters.SessionSlots, deviceName, silo);
    }

    /// <summary>The parameters again (validated: a silo that describes an impossible map is refused).</summary>
    /// <exception cref="BoltConfigurationException">The description is not a valid parameter set.</exception>
    public BoltParameters ToParameters() => new(Capacity, BinFactor, HbmFraction, ValueSize, StashCapacity, SlotsPerBin, SessionSlots);
}

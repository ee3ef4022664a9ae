using System.Globalization;
using Bolt.Core;

namespace Bolt.Bench.Sweep;

/// <summary>One configuration of a sweep: the map's parameters and the batch size, and the axis it belongs to.</summary>
public sealed record BenchPoint(string Axis, int Capacity, int ValueSize, double HbmFraction, int BinFactor, int Batch)
{
    /// <summary>The map's parameters.</summary>
    public BoltParameters Parameters => new(capacity: Capacity, binFactor: BinFactor, hbmFraction: HbmFraction, valueSize: ValueSize);

    /// <summary>The configuration without its axis: points of several axes that coincide are run once.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Capacity}/{ValueSize}/{HbmFraction}/{BinFactor}/{Batch}");
}

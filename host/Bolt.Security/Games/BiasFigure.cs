namespace Bolt.Security.Games;

/// <summary>The exact distance between a miss's dummy page and a hit's touched page at one (N, c).</summary>
/// <param name="Capacity">N.</param>
/// <param name="BinFactor">c.</param>
/// <param name="HostPages">H.</param>
/// <param name="Bins">M.</param>
/// <param name="TotalVariation">Total-variation distance between the two laws of one touched page.</param>
public sealed record BiasFigure(int Capacity, int BinFactor, int HostPages, int Bins, double TotalVariation)
{
    /// <summary>Touched pages an adversary needs to tell the laws apart, of order 1/TV² (∞ when they are identical).</summary>
    public double OpsToDistinguish => TotalVariation == 0 ? double.PositiveInfinity : 1 / (TotalVariation * TotalVariation);
}

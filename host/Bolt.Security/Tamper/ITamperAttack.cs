namespace Bolt.Security.Tamper;

/// <summary>
/// One kind of attack in a tamper campaign: either on host memory (<see cref="IHostMemoryAttack"/>) or on the
/// sealed command channel (<see cref="IChannelAttack"/>). The campaign draws kinds uniformly from
/// <see cref="TamperCampaignOptions.Kinds"/> and reports each by its <see cref="Name"/>.
/// </summary>
public interface ITamperAttack
{
    /// <summary>The attack's name in reports.</summary>
    string Name { get; }
}

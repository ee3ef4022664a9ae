using Bolt.Core;

namespace Bolt.Security.Tamper;

/// <summary>The size of a tamper campaign.</summary>
public sealed record TamperCampaignOptions
{
    /// <summary>Attacks to make (default 10^4).</summary>
    public int Attacks { get; init; } = 10_000;

    /// <summary>
    /// Capacity of the attacked map. Small on purpose: an attack is detected when its page is next read, and
    /// each access reads two of H pages, so the wait is about H/2 accesses; 512 items make H = 51.
    /// </summary>
    public int Capacity { get; init; } = 512;

    /// <summary>Largest value length, so values of many lengths cross pages.</summary>
    public int ValueSize { get; init; } = 24;

    /// <summary>Old versions kept per page for replays.</summary>
    public int HistoryDepth { get; init; } = 4;

    /// <summary>Seed of the device, the ops and the attacks.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>The attack kinds, drawn uniformly; command-channel attacks join here when the channel exists.</summary>
    public IReadOnlyList<IHostMemoryAttack> Kinds { get; init; } = [new BitFlipAttack(), new PageSwapAttack(), new ReplayAttack()];

    /// <summary>The attacked map's parameters.</summary>
    public BoltParameters Parameters => new(capacity: Capacity, valueSize: ValueSize);
}

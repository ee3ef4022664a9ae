using Bolt.Core;
using Bolt.Sim.Engine;

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

    /// <summary>Earlier frames kept per direction and frame length for replays on the channel.</summary>
    public int FrameHistory { get; init; } = 8;

    /// <summary>Most records in the frames of a channel attack (at least 2, so a whole record can be dropped).</summary>
    public int FrameRecords { get; init; } = 4;

    /// <summary>Seed of the device, the ops and the attacks (the client's session nonces come from the OS CSPRNG).</summary>
    public long Seed { get; init; } = 1;

    /// <summary>The attack kinds, drawn uniformly: three on host memory, eight on the sealed channel.</summary>
    public IReadOnlyList<ITamperAttack> Kinds { get; init; } =
    [
        new PageBitFlipAttack(), new PageSwapAttack(), new PageReplayAttack(),
        new FrameBitFlipAttack(ChannelDirection.Command), new CommandReplayAttack(), new CommandReorderAttack(), new CommandTruncationAttack(), new CrossSessionAttack(),
        new FrameBitFlipAttack(ChannelDirection.Response), new ResponseReplayAttack(), new WithheldFrameAttack(),
    ];

    /// <summary>A deliberate leak of the attacked device (the campaign's own positive controls); none for the product.</summary>
    internal LeakInjection Leak { get; init; }

    /// <summary>The attacked map's parameters.</summary>
    public BoltParameters Parameters => new(capacity: Capacity, valueSize: ValueSize);
}

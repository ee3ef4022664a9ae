namespace Bolt.Core;

/// <summary>
/// The parameters a map is created with, and every size derived from them (hardware/SPEC.md §1).
/// These are the only things about a map the host is allowed to learn.
/// </summary>
public sealed record BoltParameters
{
    /// <summary>Default capacity: 2^20 items, the size of the reference artifact's evaluation.</summary>
    public const int DefaultCapacity = 1 << 20;

    /// <summary>Default bin factor: BOLT evaluates 8–16 items per bin; 8 keeps pages small.</summary>
    public const int DefaultBinFactor = 8;

    /// <summary>Default HBM fraction: the share of bins kept in HBM (BOLT's α = 0.2 design point).</summary>
    public const double DefaultHbmFraction = 0.2;

    /// <summary>Default maximum value length in bytes (YCSB-style 8-byte values).</summary>
    public const int DefaultValueSize = 8;

    /// <summary>Default overflow-stash capacity in items. Two-choice overflow is rare (both bins at l_max).</summary>
    public const int DefaultStashCapacity = 64;

    /// <summary>
    /// Default number of sealed-channel session slots (SPEC §10.2): enough for a daemon serving a few hundred client
    /// enclaves at once without one evicting another's session.
    /// </summary>
    public const int DefaultSessionSlots = 512;

    /// <summary>The position map's linear-probing window, in slots (SPEC §4).</summary>
    public const int ProbeWindow = 64;

    /// <summary>Bytes of one position-map entry in HBM: digest, two candidate bins, home, record.</summary>
    public const int PositionEntryBytes = 32;

    /// <summary>Capacity N: the most items the map holds.</summary>
    public int Capacity { get; }

    /// <summary>Bin factor c: the average number of items per bin at capacity.</summary>
    public int BinFactor { get; }

    /// <summary>HBM fraction α: the share of bins that live in HBM.</summary>
    public double HbmFraction { get; }

    /// <summary>The largest value, in bytes, a put may store.</summary>
    public int ValueSize { get; }

    /// <summary>Items the HBM overflow stash can hold before inserts are refused.</summary>
    public int StashCapacity { get; }

    /// <summary>Sealed-channel sessions the device holds at once; session <c>s</c> lives in slot <c>s mod SessionSlots</c> (SPEC §10.2).</summary>
    public int SessionSlots { get; }

    /// <summary>M: the number of bins.</summary>
    public int Bins { get; }

    /// <summary>K: bins kept in HBM (bins 0..K−1).</summary>
    public int HbmBins { get; }

    /// <summary>H: host pages (bins K..M−1).</summary>
    public int HostPages { get; }

    /// <summary>l_max: slots per bin, c + ⌈log2 log2 N⌉ + 1 (the two-choice max-load bound).</summary>
    public int SlotsPerBin { get; }

    /// <summary>Bytes of one slot: digest, meta, value, padded to 16.</summary>
    public int SlotBytes { get; }

    /// <summary>Bytes of one sealed host page: header, l_max slots, tag.</summary>
    public int PageBytes { get; }

    /// <summary>Bytes of the whole host-memory region.</summary>
    public long HostBytes => (long)HostPages * PageBytes;

    /// <summary>E: the eviction-buffer bound of docs/design.md §3, (1+α)H/2 + l_max·√(H ln N).</summary>
    public int EvictionBufferBound { get; }

    /// <summary>R: HBM records for HBM-bin items, pending items and stash items.</summary>
    public int RecordCapacity { get; }

    /// <summary>P: position-map slots (a power of two, at least 2N).</summary>
    public int PositionSlots { get; }

    /// <summary>Bytes of one command record.</summary>
    public int CommandBytes { get; }

    /// <summary>Bytes of one response record.</summary>
    public int ResponseBytes { get; }

    /// <summary>Bound on HBM-resident items from docs/design.md §3: K·c + l_max·√(K ln N).</summary>
    public double HbmItemBound => (double)HbmBins * BinFactor + SlotsPerBin * Math.Sqrt(HbmBins * Math.Log(Capacity));

    /// <summary>Creates and validates a parameter set.</summary>
    /// <remarks>
    /// <paramref name="slotsPerBin"/> overrides l_max for experiments (0 keeps the two-choice bound): with no
    /// slack over c, bins fill and the overflow stash is exercised.
    /// </remarks>
    /// <exception cref="BoltConfigurationException">A parameter is out of range; the exception names it.</exception>
    public BoltParameters(
        int capacity = DefaultCapacity,
        int binFactor = DefaultBinFactor,
        double hbmFraction = DefaultHbmFraction,
        int valueSize = DefaultValueSize,
        int stashCapacity = DefaultStashCapacity,
        int slotsPerBin = 0,
        int sessionSlots = DefaultSessionSlots)
    {
        Require(capacity is >= 16 and <= 1 << 28, nameof(capacity), capacity, "must be between 16 and 2^28");
        Require(binFactor is >= 2 and <= 64, nameof(binFactor), binFactor, "must be between 2 and 64");
        Require(hbmFraction is >= 0 and < 1 && !double.IsNaN(hbmFraction), nameof(hbmFraction), hbmFraction, "must be in [0, 1)");
        Require(valueSize is >= 1 and <= 4096, nameof(valueSize), valueSize, "must be between 1 and 4096 bytes");
        Require(stashCapacity is >= 1 and <= 65536, nameof(stashCapacity), stashCapacity, "must be between 1 and 65536");
        Require(slotsPerBin is >= 0 and <= 255, nameof(slotsPerBin), slotsPerBin, "must be 0 (derived) or between 1 and 255");
        Require(sessionSlots is >= 1 and <= 4096, nameof(sessionSlots), sessionSlots, "must be between 1 and 4096");

        Capacity = capacity;
        BinFactor = binFactor;
        HbmFraction = hbmFraction;
        ValueSize = valueSize;
        StashCapacity = stashCapacity;
        SessionSlots = sessionSlots;

        Bins = (capacity + binFactor - 1) / binFactor;
        HbmBins = (int)Math.Floor(hbmFraction * Bins + 0.5);
        HostPages = Bins - HbmBins;
        Require(HostPages >= 1, nameof(hbmFraction), hbmFraction, "leaves no host page");
        SlotsPerBin = slotsPerBin > 0 ? slotsPerBin : binFactor + (int)Math.Ceiling(Math.Log2(Math.Log2(Math.Max(capacity, 4)))) + 1;
        SlotBytes = RoundUp16(Abi.SlotLayout.ValueOffset + valueSize);
        PageBytes = Abi.PageLayout.HeaderBytes + SlotsPerBin * SlotBytes + Abi.PageLayout.TagBytes;
        EvictionBufferBound = (int)Math.Ceiling((1 + hbmFraction) * HostPages / 2.0 + SlotsPerBin * Math.Sqrt(HostPages * Math.Log(capacity)));
        RecordCapacity = checked(HbmBins * SlotsPerBin + EvictionBufferBound + stashCapacity);
        PositionSlots = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(2 * capacity));
        CommandBytes = Abi.CommandLayout.ValueOffset + RoundUp16(valueSize);
        ResponseBytes = Abi.ResponseLayout.ValueOffset + RoundUp16(valueSize);
    }

    /// <summary>Rounds up to a multiple of 16 bytes, the AES block.</summary>
    public static int RoundUp16(int bytes) => (bytes + 15) & ~15;

    private static void Require(bool condition, string name, object value, string rule)
    {
        if (!condition)
        {
            throw new BoltConfigurationException(name, $"{name} = {value} {rule}.");
        }
    }
}

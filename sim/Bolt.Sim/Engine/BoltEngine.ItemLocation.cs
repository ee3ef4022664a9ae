namespace Bolt.Sim.Engine;

public sealed partial class BoltEngine
{
    /// <summary>Where a found item's bytes are: a slot of its home page, or an HBM record (pending or not).</summary>
    private readonly record struct ItemLocation(bool Exists, int PageSlot, uint Record, int PendingIndex)
    {
        public static ItemLocation Absent => new(false, -1, uint.MaxValue, -1);

        public bool InPage => PageSlot >= 0;

        public static ItemLocation InPageSlot(int slot) => new(true, slot, uint.MaxValue, -1);

        public static ItemLocation InRecord(uint record) => new(true, -1, record, -1);

        public static ItemLocation Pending(uint record, int index) => new(true, -1, record, index);

        public Span<byte> Slot(BoltEngine engine, Span<byte> homePlain) =>
            InPage ? engine.PageSlot(homePlain, PageSlot) : engine._records[Record];
    }
}

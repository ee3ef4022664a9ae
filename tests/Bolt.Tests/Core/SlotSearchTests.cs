using Bolt.Core.Abi;
using Xunit;

namespace Bolt.Tests.Core;

/// <summary>The page search of every access (<see cref="SlotLayout.IndexOf"/>) answers as <see cref="SlotLayout.Holds"/> slot by slot.</summary>
public sealed class SlotSearchTests
{
    [Theory]
    [InlineData(32, 14)]
    [InlineData(48, 3)]
    [InlineData(1040, 10)]
    public void IndexOf_finds_the_first_occupied_slot_with_the_digest_as_Holds_does(int slotBytes, int slots)
    {
        var random = new Random(slotBytes);
        for (int trial = 0; trial < 200; trial++)
        {
            var page = new byte[slotBytes * slots];
            ulong lo = (ulong)random.Next(3), hi = (ulong)random.Next(3);
            for (int s = 0; s < slots; s++)
            {
                var slot = page.AsSpan(s * slotBytes, slotBytes);
                switch (random.Next(4))
                {
                    case 0:
                        break;
                    case 1:
                        SlotLayout.Write(slot, lo, hi, [1, 2]);
                        break;
                    case 2:
                        // The digest's bytes in a slot whose occupied bit is clear (a cleared slot never looks like this,
                        // but the search must still require the bit).
                        SlotLayout.Write(slot, lo, hi, [3]);
                        slot[SlotLayout.MetaOffset + 3] = 0;
                        break;
                    default:
                        SlotLayout.Write(slot, (ulong)random.Next(3), (ulong)random.Next(3), [4]);
                        break;
                }
            }

            int expected = Enumerable.Range(0, slots).FirstOrDefault(s => SlotLayout.Holds(page.AsSpan(s * slotBytes, slotBytes), lo, hi), -1);
            Assert.Equal(expected, SlotLayout.IndexOf(page, slotBytes, lo, hi));
        }
    }

    [Fact]
    public void IndexOf_refuses_a_slot_size_shorter_than_the_slot_header() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SlotLayout.IndexOf(new byte[64], SlotLayout.ValueOffset - 1, 1, 1));
}

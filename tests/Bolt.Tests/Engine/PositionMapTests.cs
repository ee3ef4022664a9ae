using Bolt.Sim.Engine;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Bolt.Tests.Engine;

/// <summary>The position map's linear probing and backward-shift deletion against a dictionary (FsCheck).</summary>
public sealed class PositionMapTests
{
    [Fact]
    public void Any_sequence_of_inserts_and_removes_matches_a_dictionary()
    {
        // Keys share few low bits so probe runs collide, wrap around and shift back often.
        Prop.ForAll(Gen.ListOf(Gen.Choose(0, 40).Zip(Gen.Elements(true, false))).ToArbitrary(), ops =>
        {
            var map = new PositionMap(64, 64);
            var reference = new Dictionary<ulong, uint>();
            foreach (var (k, insert) in ops)
            {
                ulong lo = ((ulong)k << 32) | (uint)(k % 5) * 13; // low bits collide in a 64-slot table
                ulong hi = (ulong)k + 1;
                int slot = map.Find(lo, hi);
                if (insert && slot < 0)
                {
                    map.Insert(lo, hi, 0, 0, (uint)k, 0);
                    reference[lo] = (uint)k;
                }
                else if (!insert && slot >= 0)
                {
                    map.Remove(slot);
                    reference.Remove(lo);
                }
            }

            return map.Count == reference.Count && reference.All(kv => map.Find(kv.Key, (kv.Key >> 32) + 1) is int s && s >= 0 && map[s].Home == kv.Value);
        }).QuickCheckThrowOnFailure();
    }
}

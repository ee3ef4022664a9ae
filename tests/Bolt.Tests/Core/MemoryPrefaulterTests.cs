using Bolt.Core.Memory;
using Xunit;

namespace Bolt.Tests.Core;

/// <summary>A bulk load faults its arrays in on a second thread while it writes them: that thread must change no byte.</summary>
public sealed class MemoryPrefaulterTests
{
    [Fact]
    public void Prefaulting_changes_no_byte_while_another_thread_writes_the_arrays()
    {
        using var first = new NativeArray<byte>(40L << 20);
        using var second = new NativeArray<long>(5L << 20);
        var random = new Random(7);
        var written = new Dictionary<long, byte>();
        using (var prefaulter = MemoryPrefaulter.Start([MemoryPrefaulter.Range.Of(first), MemoryPrefaulter.Range.Of(second)], minimumBytes: 0))
        {
            Assert.NotNull(prefaulter);
            for (int i = 0; i < 200_000; i++)
            {
                long at = random.NextInt64(first.Length);
                byte value = (byte)random.Next(1, 256);
                first[at] = value;
                written[at] = value;
                second[at % second.Length] = at;
            }
        }

        foreach (var (at, value) in written)
        {
            Assert.Equal(value, first[at]);
        }

        long nonZero = 0;
        for (long i = 0; i < first.Length; i += 4093)
        {
            nonZero += first[i] != 0 && !written.ContainsKey(i) ? 1 : 0;
        }

        Assert.Equal(0, nonZero);
        first.Populate(0, first.ByteLength);
        Assert.All(written, w => Assert.Equal(w.Value, first[w.Key]));
    }

    [Fact]
    public void Each_populate_call_covers_at_most_one_huge_page_and_together_they_cover_every_byte_in_order()
    {
        // Dispose waits for the call in progress: one huge page is a few ms even when the VM's host must back it too.
        const long Bytes = (20L << 20) + 12345;
        var calls = new List<(long At, long Bytes)>();
        using var covered = new ManualResetEventSlim();
        void Populate(long at, long bytes)
        {
            lock (calls)
            {
                calls.Add((at, bytes));
            }

            if (at + bytes == Bytes)
            {
                covered.Set();
            }
        }

        using (MemoryPrefaulter.Start([new MemoryPrefaulter.Range(Populate, Bytes)], minimumBytes: 0))
        {
            Assert.True(covered.Wait(TimeSpan.FromSeconds(30)), "the prefaulter did not reach the end of the range");
        }

        long next = 0;
        foreach (var (at, bytes) in calls)
        {
            Assert.Equal(next, at);
            Assert.InRange(bytes, 1, 2L << 20);
            next = at + bytes;
        }

        Assert.Equal(Bytes, next);
    }

    [Fact]
    public void Arrays_smaller_than_the_minimum_start_no_thread()
    {
        using var small = new NativeArray<byte>(1 << 20);
        Assert.Null(MemoryPrefaulter.Start([MemoryPrefaulter.Range.Of(small)], minimumBytes: 2 << 20));
    }

    [Fact]
    public void Populate_refuses_a_range_outside_the_array()
    {
        using var array = new NativeArray<int>(1024);
        Assert.Throws<ArgumentOutOfRangeException>(() => array.Populate(4000, 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => array.Populate(-1, 10));
    }
}

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
    public void Prefaults_run_one_after_another_on_one_thread_and_a_queued_one_disposed_never_runs()
    {
        // A second prefault thread would take a core from the loading thread and the client's encoder.
        var calls = new List<(string Job, int Thread)>();
        using var firstStarted = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        using var thirdDone = new ManualResetEventSlim();
        Action<long, long> Recorder(string job, Action? atEnd = null) => (at, bytes) =>
        {
            lock (calls)
            {
                calls.Add((job, Environment.CurrentManagedThreadId));
            }

            if (job == "first")
            {
                firstStarted.Set();
                releaseFirst.Wait();
            }

            if (at + bytes == 4L << 20)
            {
                atEnd?.Invoke();
            }
        };

        using var first = MemoryPrefaulter.Start([new MemoryPrefaulter.Range(Recorder("first"), 4L << 20)], minimumBytes: 0);
        Assert.True(firstStarted.Wait(TimeSpan.FromSeconds(30)));
        var second = MemoryPrefaulter.Start([new MemoryPrefaulter.Range(Recorder("second"), 4L << 20)], minimumBytes: 0)!;
        using var third = MemoryPrefaulter.Start([new MemoryPrefaulter.Range(Recorder("third", thirdDone.Set), 4L << 20)], minimumBytes: 0);
        second.Dispose(); // still queued behind the first: returns at once, and its arrays are never touched
        releaseFirst.Set();
        Assert.True(thirdDone.Wait(TimeSpan.FromSeconds(30)));

        lock (calls)
        {
            Assert.DoesNotContain(calls, c => c.Job == "second");
            Assert.Equal(["first", "first", "third", "third"], calls.Select(c => c.Job));
            Assert.Single(calls.Select(c => c.Thread).Distinct());
        }
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

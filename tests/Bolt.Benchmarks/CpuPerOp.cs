using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Sim;

namespace Bolt.Benchmarks;

/// <summary>
/// CPU time per simulated op, the figure that stays meaningful on a shared machine (wall time does not): loads 2^k
/// keys, then serves batches of 64 uniformly random gets and puts, ROUNDS times, and prints per round the serving
/// thread's CPU per op, the whole process's CPU per op, wall ops/s, and the GC collections and bytes allocated while
/// serving (0 and a few hundred bytes for an allocation-free path). `scripts/sim-speed.sh` runs it from two builds in
/// turn for a before/after ratio. With "no-prefetch" last, the engine's prefetching is off (what it buys).
/// Usage: dotnet run -c Release --project tests/Bolt.Benchmarks -- cpu [k = 20] [ops per round = 1000000] [rounds = 3] [no-prefetch]
/// </summary>
internal static partial class CpuPerOp
{
    private const int Batch = 64;
    private const int DistinctBatches = 1024;
    private const int LoadPart = 1 << 16;

    public static void Run(string[] args)
    {
        int log2 = args.Length > 0 ? int.Parse(args[0]) : 20;
        long ops = args.Length > 1 ? long.Parse(args[1]) : 1_000_000;
        int rounds = args.Length > 2 ? int.Parse(args[2]) : 3;
        bool prefetch = !(args.Length > 3 && args[3] == "no-prefetch");
        var p = new BoltParameters(capacity: 1 << log2);
        var load = Stopwatch.StartNew();
        using var device = Loaded(p, prefetch);
        load.Stop();
        var commands = Commands(p);
        var responses = new byte[Batch * p.ResponseBytes];
        Console.WriteLine($"N = 2^{log2}, load {load.Elapsed.TotalSeconds:F2} s wall, {ops} ops per round, batch {Batch}, prefetch {(prefetch ? "on" : "off")}");
        for (int round = 1; round <= rounds; round++)
        {
            int gcs = GC.CollectionCount(0);
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            var process = Process.GetCurrentProcess().TotalProcessorTime;
            long thread = ThreadCpuNanoseconds();
            var wall = Stopwatch.StartNew();
            for (long done = 0, b = 0; done < ops; done += Batch, b = (b + 1) % DistinctBatches)
            {
                device.Execute(commands.AsSpan((int)(b * Batch * p.CommandBytes), Batch * p.CommandBytes), responses);
            }

            wall.Stop();
            double threadNs = (ThreadCpuNanoseconds() - thread) / (double)ops;
            double processNs = (Process.GetCurrentProcess().TotalProcessorTime - process).TotalNanoseconds / ops;
            Console.WriteLine($"round {round}: serving_ns_per_op {threadNs:F0} process_ns_per_op {processNs:F0} wall_ops_per_s {ops / wall.Elapsed.TotalSeconds:F0} "
                + $"gc {GC.CollectionCount(0) - gcs} allocated_bytes {GC.GetTotalAllocatedBytes(precise: true) - allocated} load_average {LoadAverage()}");
        }
    }

    private static SimulatedDevice Loaded(BoltParameters p, bool prefetch)
    {
        var device = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = p, Seed = SimulatedDeviceOptions.InsecureFixedKey(1), Prefetch = prefetch });
        // Two part buffers: the next part is encoded on the other core while the device places this one (as bolt ycsb
        // does), so the load's wall time is the device's.
        byte[][] parts = [new byte[LoadPart * p.CommandBytes], new byte[LoadPart * p.CommandBytes]];
        var encoding = Task.FromResult(EncodePart(p, parts[0], 0));
        for (long first = 0, b = 0; first < p.Capacity; b ^= 1)
        {
            int count = encoding.GetAwaiter().GetResult();
            long next = first + count;
            if (next < p.Capacity)
            {
                var buffer = parts[b ^ 1];
                encoding = Task.Run(() => EncodePart(p, buffer, next));
            }

            var records = parts[b].AsSpan(0, count * p.CommandBytes);
            if (next < p.Capacity)
            {
                device.InitialisePart(records);
            }
            else
            {
                device.Initialise(records);
            }

            first = next;
        }

        return device;
    }

    /// <summary>Put records for keys first.. (at most one part) into <paramref name="part"/>; returns how many.</summary>
    private static int EncodePart(BoltParameters p, byte[] part, long first)
    {
        int count = (int)Math.Min(LoadPart, p.Capacity - first);
        Span<byte> value = stackalloc byte[sizeof(long)];
        for (int k = 0; k < count; k++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(value, first + k);
            CommandLayout.Write(part.AsSpan(k * p.CommandBytes, p.CommandBytes), OpCode.Put, Digest(first + k), value);
        }

        return count;
    }

    /// <summary>Half gets, half puts of uniformly random loaded keys.</summary>
    private static byte[] Commands(BoltParameters p)
    {
        var random = new Random(1);
        var commands = new byte[DistinctBatches * Batch * p.CommandBytes];
        for (int i = 0; i < DistinctBatches * Batch; i++)
        {
            long key = random.NextInt64(p.Capacity);
            var op = random.Next(2) == 0 ? OpCode.Get : OpCode.Put;
            CommandLayout.Write(commands.AsSpan(i * p.CommandBytes, p.CommandBytes), op, Digest(key), op == OpCode.Put ? BitConverter.GetBytes(-key) : default);
        }

        return commands;
    }

    private static Digest128 Digest(long key) => new(((ulong)key * 0x9E3779B97F4A7C15) | 1, (ulong)key + 1);

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static long ThreadCpuNanoseconds()
    {
        const int ThreadCpuClock = 3;
        return ClockGetTime(ThreadCpuClock, out var time) == 0 ? (time.Seconds * 1_000_000_000) + time.Nanoseconds : 0;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}

using System.Diagnostics;
using System.Runtime.InteropServices;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Sim;

namespace Bolt.Benchmarks;

/// <summary>
/// CPU time per simulated op, the figure that stays meaningful on a shared machine (wall time does not): loads N keys
/// into one device per variant, then serves the same batches of 64 gets and puts on each in turn, ROUNDS times, and
/// prints for each variant the serving thread's CPU per op, the whole process's CPU per op (the second core's share
/// included), wall ops/s, and the GC collections and bytes allocated while serving (0 for an allocation-free path).
/// Variants: "second-core" (the product: page seals on a second core) and "in-place" (every seal on the serving thread).
/// Usage: dotnet run -c Release --project tests/Bolt.Benchmarks -- cpu [log2 N = 20] [ops per round = 1000000] [rounds = 3]
/// </summary>
internal static partial class CpuPerOp
{
    private const int Batch = 64;
    private const int DistinctBatches = 1024;

    public static void Run(string[] args)
    {
        int log2 = args.Length > 0 ? int.Parse(args[0]) : 20;
        long ops = args.Length > 1 ? long.Parse(args[1]) : 1_000_000;
        int rounds = args.Length > 2 ? int.Parse(args[2]) : 3;
        var p = new BoltParameters(capacity: 1 << log2);
        (string Name, bool Prefetch)[] variants = [("prefetch", true), ("no-prefetch", false)];
        var devices = variants.Select(v => Loaded(p, v.Prefetch)).ToArray();
        var commands = Commands(p);
        var responses = new byte[Batch * p.ResponseBytes];
        Console.WriteLine($"N = 2^{log2}, {ops} ops per round, batch {Batch}, {rounds} rounds, load average {LoadAverage()}");
        for (int round = 1; round <= rounds; round++)
        {
            for (int v = 0; v < variants.Length; v++)
            {
                var device = devices[v];
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
                Console.WriteLine($"round {round} {variants[v].Name,-12} serving thread {threadNs,7:F0} ns/op  process {processNs,7:F0} ns/op  "
                    + $"wall {ops / wall.Elapsed.TotalSeconds,10:F0} ops/s  gc {GC.CollectionCount(0) - gcs}  allocated {GC.GetTotalAllocatedBytes(precise: true) - allocated} B  load {LoadAverage()}");
            }
        }

        foreach (var device in devices)
        {
            device.Dispose();
        }
    }

    private static SimulatedDevice Loaded(BoltParameters p, bool prefetch)
    {
        var device = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = p, Seed = SimulatedDeviceOptions.InsecureFixedKey(1), Prefetch = prefetch });
        const int Part = 1 << 16;
        var load = new byte[Part * p.CommandBytes];
        for (long first = 0; first < p.Capacity; first += Part)
        {
            int count = (int)Math.Min(Part, p.Capacity - first);
            for (int k = 0; k < count; k++)
            {
                CommandLayout.Write(load.AsSpan(k * p.CommandBytes, p.CommandBytes), OpCode.Put, Digest(first + k), BitConverter.GetBytes(first + k));
            }

            var records = load.AsSpan(0, count * p.CommandBytes);
            if (first + count < p.Capacity)
            {
                device.InitialisePart(records);
            }
            else
            {
                device.Initialise(records);
            }
        }

        return device;
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

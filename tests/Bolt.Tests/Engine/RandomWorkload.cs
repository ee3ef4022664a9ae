using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Sim.Engine;

namespace Bolt.Tests.Engine;

/// <summary>
/// A seeded mix of gets, inserts, updates and deletes over present and absent keys with random value
/// lengths, run in batches against a device and a dictionary side by side.
/// </summary>
internal static class RandomWorkload
{
    public sealed record Result(long Mismatches, long Inserts, long Updates, long Deletes, long AbsentGets, EngineCounters Counters);

    public static Result Run(BoltParameters p, int ops, int keySpace, int seed, int preload, int batch = 32)
    {
        using var h = new DeviceHarness(p, seed);
        var random = new Random(seed);
        var reference = new Dictionary<long, byte[]>();
        var load = new List<(long, byte[])>();
        for (long k = 0; k < preload; k++)
        {
            var v = RandomValue(random, p.ValueSize);
            reference[k] = v;
            load.Add((k, v));
        }

        h.Load(load);
        long mismatches = 0, inserts = 0, updates = 0, deletes = 0, absentGets = 0;
        var commands = new byte[batch * p.CommandBytes];
        var responses = new byte[batch * p.ResponseBytes];
        var planned = new (OpCode Op, long Key, byte[] Value)[batch];
        for (int done = 0; done < ops; done += batch)
        {
            int count = Math.Min(batch, ops - done);
            for (int i = 0; i < count; i++)
            {
                long key = random.NextInt64(keySpace);
                var op = random.Next(3) switch { 0 => OpCode.Get, 1 => OpCode.Put, _ => OpCode.Delete };
                var value = op == OpCode.Put ? RandomValue(random, p.ValueSize) : [];
                planned[i] = (op, key, value);
                CommandLayout.Write(commands.AsSpan(i * p.CommandBytes, p.CommandBytes), op, DeviceHarness.DigestOf(key), value);
            }

            h.Device.Execute(commands.AsSpan(0, count * p.CommandBytes), responses.AsSpan(0, count * p.ResponseBytes));
            for (int i = 0; i < count; i++)
            {
                var response = responses.AsSpan(i * p.ResponseBytes, p.ResponseBytes);
                var (op, key, value) = planned[i];
                bool present = reference.TryGetValue(key, out var expected);
                var status = ResponseLayout.ReadStatus(response);
                bool ok = ResponseLayout.ReadWasPresent(response) == present;
                switch (op)
                {
                    case OpCode.Get:
                        ok &= present ? status == DeviceStatus.Ok && ResponseLayout.ReadValue(response).SequenceEqual(expected) : status == DeviceStatus.NotFound;
                        absentGets += present ? 0 : 1;
                        break;
                    case OpCode.Put when present || reference.Count < p.Capacity:
                        ok &= status == DeviceStatus.Ok;
                        reference[key] = value;
                        (present ? ref updates : ref inserts)++;
                        break;
                    case OpCode.Put:
                        ok &= status == DeviceStatus.CapacityExceeded;
                        break;
                    default:
                        ok &= status == (present ? DeviceStatus.Ok : DeviceStatus.NotFound);
                        deletes += present ? 1 : 0;
                        reference.Remove(key);
                        break;
                }

                mismatches += ok ? 0 : 1;
            }
        }

        return new Result(mismatches, inserts, updates, deletes, absentGets, h.Device.Engine.Counters);
    }

    public static byte[] RandomValue(Random random, int maximum)
    {
        var value = new byte[random.Next(maximum + 1)];
        random.NextBytes(value);
        return value;
    }
}

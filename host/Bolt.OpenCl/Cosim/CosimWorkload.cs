using Bolt.Core;
using Bolt.Core.Abi;

namespace Bolt.OpenCl.Cosim;

/// <summary>
/// A seeded mixed workload for co-simulation: a bulk load (half the capacity unless told), then batches of gets, puts
/// and deletes on present and absent keys with varied value lengths, plus a few invalid commands (zero key,
/// unknown op, oversized value) so every branch of the access script is exercised.
/// </summary>
public sealed class CosimWorkload
{
    private CosimWorkload(BoltParameters parameters, byte[] load, List<byte[]> batches, int ops)
    {
        Parameters = parameters;
        Load = load;
        Batches = batches;
        Ops = ops;
    }

    /// <summary>The map's parameters.</summary>
    public BoltParameters Parameters { get; }

    /// <summary>The bulk load as Put command records.</summary>
    public byte[] Load { get; }

    /// <summary>Command batches, in order.</summary>
    public IReadOnlyList<byte[]> Batches { get; }

    /// <summary>Commands over all batches.</summary>
    public int Ops { get; }

    /// <summary>A workload from explicit records (the constant-time checks' contrasting workloads).</summary>
    internal static CosimWorkload FromRecords(BoltParameters parameters, byte[] load, List<byte[]> batches) =>
        new(parameters, load, batches, batches.Sum(b => b.Length) / parameters.CommandBytes);

    /// <summary>Builds the workload; the same arguments always give the same bytes.</summary>
    /// <param name="parameters">The map's parameters.</param>
    /// <param name="seed">Seeds the keys, values and op mix.</param>
    /// <param name="ops">Commands after the load.</param>
    /// <param name="batch">Commands per batch.</param>
    /// <param name="loadItems">Items in the bulk load; null loads half the capacity (near N, inserts soon hit the capacity).</param>
    public static CosimWorkload Create(BoltParameters parameters, long seed, int ops, int batch, int? loadItems = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (ops < 1 || batch < 1)
        {
            throw new BoltConfigurationException("ops", $"A co-simulation needs at least one op and a batch of at least one (ops {ops}, batch {batch}).");
        }

        var random = new Random(unchecked((int)seed ^ 0x5EED));
        var present = new List<Digest128>();
        var index = new Dictionary<Digest128, int>();
        int stride = parameters.CommandBytes;
        int loaded = Math.Clamp(loadItems ?? parameters.Capacity / 2, 0, parameters.Capacity);
        var load = new byte[loaded * stride];
        for (int i = 0; i < loaded; i++)
        {
            var key = FreshKey(random, index);
            Add(present, index, key);
            CommandLayout.Write(load.AsSpan(i * stride, stride), OpCode.Put, key, Value(random, parameters.ValueSize));
        }

        var batches = new List<byte[]>();
        for (int done = 0; done < ops; done += batch)
        {
            int count = Math.Min(batch, ops - done);
            var records = new byte[count * stride];
            for (int i = 0; i < count; i++)
            {
                NextCommand(random, parameters, present, index, records.AsSpan(i * stride, stride));
            }

            batches.Add(records);
        }

        return new CosimWorkload(parameters, load, batches, ops);
    }

    private static void NextCommand(Random random, BoltParameters p, List<Digest128> present, Dictionary<Digest128, int> index, Span<byte> record)
    {
        int roll = random.Next(100);
        bool havePresent = present.Count > 0;
        var existing = havePresent ? present[random.Next(present.Count)] : FreshKey(random, index);
        switch (roll)
        {
            case < 35:
                CommandLayout.Write(record, OpCode.Get, existing, default);
                break;
            case < 45:
                CommandLayout.Write(record, OpCode.Get, FreshKey(random, index), default);
                break;
            case < 70:
                CommandLayout.Write(record, OpCode.Put, existing, Value(random, p.ValueSize));
                if (!havePresent)
                {
                    Add(present, index, existing);
                }

                break;
            case < 85:
                var fresh = FreshKey(random, index);
                CommandLayout.Write(record, OpCode.Put, fresh, Value(random, p.ValueSize));
                Add(present, index, fresh);
                break;
            case < 95:
                CommandLayout.Write(record, OpCode.Delete, existing, default);
                if (havePresent)
                {
                    Remove(present, index, existing);
                }

                break;
            case < 97:
                CommandLayout.Write(record, OpCode.Delete, FreshKey(random, index), default);
                break;
            case < 98:
                CommandLayout.WriteRaw(record, 9, 0, existing);
                break;
            case < 99:
                CommandLayout.WriteRaw(record, (uint)OpCode.Put, (uint)p.ValueSize + 1, existing);
                break;
            default:
                CommandLayout.Write(record, OpCode.Get, Digest128.Zero, default);
                break;
        }
    }

    // The tracker only steers the mix; inserts refused by the device (capacity, stash) leave it optimistic, which is fine.
    private static void Add(List<Digest128> present, Dictionary<Digest128, int> index, Digest128 key)
    {
        index[key] = present.Count;
        present.Add(key);
    }

    private static void Remove(List<Digest128> present, Dictionary<Digest128, int> index, Digest128 key)
    {
        int at = index[key];
        var last = present[^1];
        present[at] = last;
        index[last] = at;
        present.RemoveAt(present.Count - 1);
        index.Remove(key);
    }

    private static Digest128 FreshKey(Random random, Dictionary<Digest128, int> index)
    {
        while (true)
        {
            var key = new Digest128((ulong)random.NextInt64() ^ ((ulong)random.Next() << 63), (ulong)random.NextInt64());
            if (!key.IsZero && !index.ContainsKey(key))
            {
                return key;
            }
        }
    }

    private static byte[] Value(Random random, int maxLength)
    {
        var value = new byte[random.Next(maxLength + 1)];
        random.NextBytes(value);
        return value;
    }
}

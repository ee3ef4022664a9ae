using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.OpenCl.Cosim;

namespace Bolt.OpenCl.ConstantTime;

/// <summary>
/// Workloads that differ in everything a constant-time kernel must hide: one hot key vs uniform keys, gets vs puts
/// vs deletes, hits vs misses, a full map vs an empty one, 1-byte vs full-size values. Each is one batch of the
/// same length, so per-access work can be compared across them access for access.
/// </summary>
public static class ContrastingWorkloads
{
    /// <summary>
    /// The workloads by name, over <paramref name="parameters"/>, <paramref name="ops"/> accesses each, in batches of
    /// <paramref name="batch"/> (1: one kernel call per access, so per-call work is per-access work).
    /// </summary>
    public static IReadOnlyList<(string Name, CosimWorkload Workload)> Create(BoltParameters parameters, int ops, int batch)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        int half = parameters.Capacity / 2;
        var keys = Enumerable.Range(1, parameters.Capacity).Select(i => new Digest128((ulong)i * 0x9E3779B97F4A7C15UL, (ulong)i)).ToArray();
        var absent = Enumerable.Range(1, ops).Select(i => new Digest128((ulong)i * 0xC2B2AE3D27D4EB4FUL, ~(ulong)i)).ToArray();
        byte[] shortValue = [7];
        var longValue = Enumerable.Repeat((byte)0xAB, parameters.ValueSize).ToArray();
        return
        [
            ("hot-get-hit", Make(parameters, batch, keys[..half], ops, i => (OpCode.Get, keys[0], []))),
            ("uniform-get-hit", Make(parameters, batch, keys[..half], ops, i => (OpCode.Get, keys[i % half], []))),
            ("get-miss", Make(parameters, batch, keys[..half], ops, i => (OpCode.Get, absent[i], []))),
            ("put-new-short-empty-map", Make(parameters, batch, [], ops, i => (OpCode.Put, keys[i], shortValue))),
            ("put-update-long-full-map", Make(parameters, batch, keys, ops, i => (OpCode.Put, keys[i % keys.Length], longValue))),
            ("delete-hit", Make(parameters, batch, keys[..half], ops, i => (OpCode.Delete, keys[i % half], []))),
            ("delete-miss-empty-map", Make(parameters, batch, [], ops, i => (OpCode.Delete, absent[i], []))),
        ];
    }

    private static CosimWorkload Make(BoltParameters p, int batchSize, Digest128[] loaded, int ops, Func<int, (OpCode Op, Digest128 Key, byte[] Value)> command)
    {
        int stride = p.CommandBytes;
        var load = new byte[loaded.Length * stride];
        for (int i = 0; i < loaded.Length; i++)
        {
            CommandLayout.Write(load.AsSpan(i * stride, stride), OpCode.Put, loaded[i], [(byte)i]);
        }

        var batches = new List<byte[]>();
        for (int first = 0; first < ops; first += batchSize)
        {
            var batch = new byte[Math.Min(batchSize, ops - first) * stride];
            for (int i = 0; i < batch.Length / stride; i++)
            {
                var (op, key, value) = command(first + i);
                CommandLayout.Write(batch.AsSpan(i * stride, stride), op, key, value);
            }

            batches.Add(batch);
        }

        return CosimWorkload.FromRecords(p, load, batches);
    }
}

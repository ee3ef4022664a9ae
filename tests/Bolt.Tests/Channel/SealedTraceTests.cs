using Bolt.Client;
using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Core.Trace;
using Bolt.Sim;
using Xunit;

namespace Bolt.Tests.Channel;

/// <summary>
/// The host sees commands and responses only as sealed frames whose sizes depend on the record count alone:
/// 10^4 gets of one key and 10^4 puts and deletes of random keys with values of every length give CMD and RSP
/// rows of identical sizes, op by op.
/// </summary>
public sealed class SealedTraceTests
{
    private const int Ops = 10_000;

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public async Task Hot_key_gets_and_a_random_put_delete_mix_show_the_same_CMD_and_RSP_bytes_per_op(int batch)
    {
        var hot = await TraceOf(batch, (_, _) => MapRequest.Get("hot"));
        var mixed = await TraceOf(batch, (random, i) =>
        {
            long key = random.Next(2000);
            return random.Next(2) == 0 ? MapRequest.Put(key, new byte[random.Next(33)]) : MapRequest.Delete(key);
        });

        var p = new BoltParameters(capacity: 4096, valueSize: 32);
        Assert.Equal(2 * ((Ops + batch - 1) / batch), hot.Count);
        Assert.Equal(hot, mixed);

        // A CMD row carries its batch's first op, an RSP row its last: the frame sizes follow from the count alone.
        Assert.All(hot.Where(r => r.Kind == TraceKind.CMD), r => Assert.Equal(FrameLayout.Bytes((int)Math.Min(batch, Ops - r.Op), p.CommandBytes), r.Bytes));
        Assert.All(hot.Where(r => r.Kind == TraceKind.RSP), r => Assert.Equal(FrameLayout.Bytes((int)(r.Op % batch) + 1, p.ResponseBytes), r.Bytes));
    }

    /// <summary>The CMD and RSP rows (op, kind, bytes) of <see cref="Ops"/> requests sent in batches.</summary>
    private static async Task<List<(long Op, TraceKind Kind, int Bytes)>> TraceOf(int batch, Func<Random, int, MapRequest> next)
    {
        var parameters = new BoltParameters(capacity: 4096, valueSize: 32);
        var deviceKey = SimulatedDeviceOptions.InsecureFixedKey(11);
        var trace = new TraceBuffer();
        using var device = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = parameters, Seed = deviceKey });
        var items = Enumerable.Range(0, 1000).Select(k => new KeyValuePair<MapKey, ReadOnlyMemory<byte>>(k, new byte[k % 33])).Append(new("hot", new byte[] { 1 })).ToList();
        await using var map = ObliviousMap.Create(device, ChannelKdf.ProvisioningKey(deviceKey), "trace-test-prf!!"u8, items, ownsDevice: false);
        device.Trace = trace;
        var random = new Random(5);
        var requests = new List<MapRequest>(batch);
        for (int i = 0; i < Ops; i += batch)
        {
            requests.Clear();
            for (int j = 0; j < Math.Min(batch, Ops - i); j++)
            {
                requests.Add(next(random, i + j));
            }

            if (batch == 1)
            {
                var request = requests[0];
                _ = request.Op == Bolt.Core.Abi.OpCode.Get ? (object?)await map.GetAsync(request.Key)
                    : request.Op == Bolt.Core.Abi.OpCode.Put ? await map.PutAsync(request.Key, request.Value) : await map.DeleteAsync(request.Key);
            }
            else
            {
                await map.ExecuteAsync(requests);
            }
        }

        return trace.Rows.Where(r => r.Kind is TraceKind.CMD or TraceKind.RSP).Select(r => (r.Op, r.Kind, r.Bytes)).ToList();
    }
}

using System.Diagnostics;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Client;
using Bolt.Core.Device;

namespace Bolt.Workloads;

/// <summary>
/// Drives a device with a YCSB-style workload and checks every response against a plain reference model.
/// Records are encoded straight into reused batch buffers: the run measures the device, not the driver.
/// </summary>
public sealed class YcsbRunner(IRecordPort device, YcsbOptions options)
{
    private readonly int _valueSize = device.Parameters.ValueSize;

    /// <summary>Loads the device, runs the ops, and reports; <paramref name="progress"/> hears of ops done.</summary>
    public YcsbOutcome Run(IProgress<long>? progress = null)
    {
        var parameters = device.Parameters;
        var prf = new KeyPrf(PrfKey(options.Seed));
        long keys = Math.Max(1, (long)Math.Floor(parameters.Capacity * options.LoadFactor));
        var stamps = new ulong[keys];

        var load = Stopwatch.StartNew();
        Span<byte> value = stackalloc byte[_valueSize];
        Load(prf, keys);
        load.Stop();

        var random = new Random((int)options.Seed);
        var chooser = new KeyChooser(options.Distribution, keys, random);
        int batch = Math.Clamp(options.Batch, 1, 4096);
        var commands = new byte[batch * parameters.CommandBytes];
        var responses = new byte[batch * parameters.ResponseBytes];
        var batchKeys = new long[batch];
        var batchOps = new OpCode[batch];
        long mismatches = 0;
        long errors = 0;
        long done = 0;
        var run = Stopwatch.StartNew();
        while (done < options.Ops)
        {
            int count = (int)Math.Min(batch, options.Ops - done);
            for (int i = 0; i < count; i++)
            {
                long key = chooser.Next(random);
                var op = random.NextDouble() < options.ReadRatio ? OpCode.Get : OpCode.Put;
                batchKeys[i] = key;
                batchOps[i] = op;
                if (op == OpCode.Put)
                {
                    ReferenceValues.Fill(value, key, (ulong)(done + i + 1));
                }

                CommandLayout.Write(commands.AsSpan(i * parameters.CommandBytes, parameters.CommandBytes), op, prf.Digest(key), op == OpCode.Put ? value : default);
            }

            device.Execute(commands.AsSpan(0, count * parameters.CommandBytes), responses.AsSpan(0, count * parameters.ResponseBytes));
            for (int i = 0; i < count; i++)
            {
                var response = responses.AsSpan(i * parameters.ResponseBytes, parameters.ResponseBytes);
                var status = ResponseLayout.ReadStatus(response);
                long key = batchKeys[i];
                if (status != DeviceStatus.Ok)
                {
                    errors++;
                    continue;
                }

                if (batchOps[i] == OpCode.Get)
                {
                    mismatches += ReferenceValues.Matches(ResponseLayout.ReadValue(response), key, stamps[key], _valueSize) ? 0 : 1;
                }
                else
                {
                    mismatches += ResponseLayout.ReadWasPresent(response) ? 0 : 1;
                    stamps[key] = (ulong)(done + i + 1);
                }
            }

            done += count;
            if ((done & 0xFFFF) < count || done == options.Ops)
            {
                progress?.Report(done);
            }
        }

        run.Stop();
        return new YcsbOutcome
        {
            LoadedKeys = keys,
            Ops = done,
            Mismatches = mismatches,
            Errors = errors,
            InitWallSeconds = load.Elapsed.TotalSeconds,
            WallSeconds = run.Elapsed.TotalSeconds,
        };
    }

    /// <summary>
    /// Streams keys 0..keys−1 into the device in parts of <see cref="ChannelSession.LoadPartRecords"/> records
    /// (bounded memory at any N); the next part is encoded on another core while the device places this one.
    /// </summary>
    private void Load(KeyPrf prf, long keys)
    {
        int commandBytes = device.Parameters.CommandBytes;
        int partRecords = (int)Math.Min(ChannelSession.LoadPartRecords(commandBytes), keys);
        byte[][] parts = [new byte[partRecords * commandBytes], new byte[partRecords * commandBytes]];
        long first = 0;
        var encoding = Task.Run(() => Encode(prf, parts[0], 0, (int)Math.Min(partRecords, keys)));
        for (int b = 0; ; b ^= 1)
        {
            int count = encoding.GetAwaiter().GetResult();
            long next = first + count;
            bool last = next >= keys;
            if (!last)
            {
                var buffer = parts[b ^ 1];
                encoding = Task.Run(() => Encode(prf, buffer, next, (int)Math.Min(partRecords, keys - next)));
            }

            var records = parts[b].AsSpan(0, count * commandBytes);
            if (last)
            {
                device.Initialise(records);
                return;
            }

            device.InitialisePart(records);
            first = next;
        }
    }

    /// <summary>Writes Put records for keys first..first+count−1 at version 0; returns count.</summary>
    private int Encode(KeyPrf prf, byte[] records, long first, int count)
    {
        int commandBytes = device.Parameters.CommandBytes;
        Span<byte> value = stackalloc byte[_valueSize];
        for (int i = 0; i < count; i++)
        {
            ReferenceValues.Fill(value, first + i, 0);
            CommandLayout.Write(records.AsSpan(i * commandBytes, commandBytes), OpCode.Put, prf.Digest(first + i), value);
        }

        return count;
    }

    /// <summary>The client's PRF key for a seed (reproducible runs; a real client draws it at random).</summary>
    public static byte[] PrfKey(long seed)
    {
        var key = new byte[16];
        BitConverter.TryWriteBytes(key, seed ^ 0x5052464B4559);
        "CLIENTPRF"u8[..8].CopyTo(key.AsSpan(8));
        return key;
    }
}

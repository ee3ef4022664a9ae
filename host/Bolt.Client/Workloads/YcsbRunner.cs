using System.Diagnostics;
using Bolt.Core.Abi;
using Bolt.Core.Device;

namespace Bolt.Client.Workloads;

/// <summary>
/// Drives a device with a YCSB-style workload and checks every response against a plain reference model.
/// Records are encoded straight into reused batch buffers: the run measures the device, not the driver.
/// </summary>
public sealed class YcsbRunner(IBoltDevice device, YcsbOptions options)
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
        var records = new byte[keys * parameters.CommandBytes];
        Span<byte> value = stackalloc byte[_valueSize];
        for (long k = 0; k < keys; k++)
        {
            ReferenceValues.Fill(value, k, 0);
            CommandLayout.Write(records.AsSpan((int)(k * parameters.CommandBytes), parameters.CommandBytes), OpCode.Put, prf.Digest(k), value);
        }

        device.Initialise(records);
        load.Stop();
        records = null;

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

    /// <summary>The client's PRF key for a seed (reproducible runs; a real client draws it at random).</summary>
    public static byte[] PrfKey(long seed)
    {
        var key = new byte[16];
        BitConverter.TryWriteBytes(key, seed ^ 0x5052464B4559);
        "CLIENTPRF"u8[..8].CopyTo(key.AsSpan(8));
        return key;
    }
}

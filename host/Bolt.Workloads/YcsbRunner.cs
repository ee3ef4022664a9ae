using System.Diagnostics;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Client;
using Bolt.Core.Device;

namespace Bolt.Workloads;

/// <summary>
/// Drives a device with a YCSB-style workload and checks every response against a plain reference model.
/// Records are encoded straight into reused batch buffers: the run measures the device, not the driver. Ops go in
/// rounds of several batches (<see cref="YcsbRound"/>); with a second core the driver's half (checking the round
/// before, encoding the round after) runs there while the device serves the current round batch by batch. The ops
/// drawn, the batches the device sees, the values sent and the verdicts are the same as one after another.
/// </summary>
public sealed class YcsbRunner(IRecordPort device, YcsbOptions options)
{
    private readonly int _valueSize = device.Parameters.ValueSize;

    /// <summary>Whether the driver's half runs on a second core (test hook: false runs everything on the caller's thread).</summary>
    internal bool Pipelined { get; init; } = HelperThread.Worthwhile;

    private KeyPrf _prf = null!;
    private Random _random = null!;
    private KeyChooser _chooser = null!;
    private ulong[] _stamps = [];
    private long _mismatches;
    private long _errors;
    private YcsbRound? _toCheck;
    private YcsbRound _toEncode = null!;
    private long _nextFirst;

    /// <summary>Loads the device, runs the ops, and reports; <paramref name="progress"/> hears of ops done.</summary>
    public YcsbOutcome Run(IProgress<long>? progress = null)
    {
        var parameters = device.Parameters;
        _prf = new KeyPrf(PrfKey(options.Seed));
        long keys = Math.Max(1, (long)Math.Floor(parameters.Capacity * options.LoadFactor));
        _stamps = new ulong[keys];

        var load = Stopwatch.StartNew();
        Load(_prf, keys);
        load.Stop();

        _random = new Random((int)options.Seed);
        _chooser = new KeyChooser(options.Distribution, keys, _random);
        int batch = Math.Clamp(options.Batch, 1, 4096);
        var current = new YcsbRound(parameters, batch);
        var spare = new YcsbRound(parameters, batch);
        using var helper = Pipelined ? new HelperThread(DriverStep, "ycsb driver") : null;
        _mismatches = 0;
        _errors = 0;
        _toCheck = null;
        long done = 0;
        var cpu = Environment.CpuUsage.TotalTime;
        var run = Stopwatch.StartNew();
        Encode(current, 0);
        while (current.Count > 0)
        {
            // The driver's step for this round: check the round before (its buffers then take the round after).
            _toEncode = spare;
            _nextFirst = current.First + current.Count;
            helper?.Start();
            for (int b = 0; b < current.Batches; b++)
            {
                device.Execute(current.BatchCommands(b), current.BatchResponses(b));
                done += current.BatchCount(b);
                if ((done & 0xFFFF) < current.BatchCount(b) || done == options.Ops)
                {
                    progress?.Report(done);
                }
            }

            if (helper is null)
            {
                DriverStep();
            }
            else
            {
                helper.Join();
            }

            _toCheck = current;
            (current, spare) = (spare, current);
        }

        if (_toCheck is not null)
        {
            Check(_toCheck);
        }

        run.Stop();
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        return new YcsbOutcome
        {
            LoadedKeys = keys,
            Ops = done,
            Mismatches = _mismatches,
            Errors = _errors,
            InitWallSeconds = load.Elapsed.TotalSeconds,
            WallSeconds = run.Elapsed.TotalSeconds,
            CpuSeconds = cpuSeconds,
        };
    }

    /// <summary>Checks the round served last, then encodes the next one into its buffers.</summary>
    private void DriverStep()
    {
        if (_toCheck is not null)
        {
            Check(_toCheck);
        }

        Encode(_toEncode, _nextFirst);
    }

    /// <summary>Draws and encodes the ops from <paramref name="first"/> on (none once the run is done).</summary>
    private void Encode(YcsbRound round, long first)
    {
        int commandBytes = device.Parameters.CommandBytes;
        Span<byte> value = stackalloc byte[_valueSize];
        round.First = first;
        round.Count = (int)Math.Min(round.Keys.Length, options.Ops - first);
        for (int i = 0; i < round.Count; i++)
        {
            long key = _chooser.Next(_random);
            var op = _random.NextDouble() < options.ReadRatio ? OpCode.Get : OpCode.Put;
            round.Keys[i] = key;
            round.Ops[i] = op;
            if (op == OpCode.Put)
            {
                ReferenceValues.Fill(value, key, (ulong)(first + i + 1));
            }

            CommandLayout.Write(round.Commands.AsSpan(i * commandBytes, commandBytes), op, _prf.Digest(key), op == OpCode.Put ? value : default);
        }
    }

    /// <summary>Checks a served round against the reference model, in op order, and applies its puts to it.</summary>
    private void Check(YcsbRound round)
    {
        int responseBytes = device.Parameters.ResponseBytes;
        for (int i = 0; i < round.Count; i++)
        {
            var response = round.Responses.AsSpan(i * responseBytes, responseBytes);
            var status = ResponseLayout.ReadStatus(response);
            long key = round.Keys[i];
            if (status != DeviceStatus.Ok)
            {
                _errors++;
                continue;
            }

            if (round.Ops[i] == OpCode.Get)
            {
                _mismatches += ReferenceValues.Matches(ResponseLayout.ReadValue(response), key, _stamps[key], _valueSize) ? 0 : 1;
            }
            else
            {
                _mismatches += ResponseLayout.ReadWasPresent(response) ? 0 : 1;
                _stamps[key] = (ulong)(round.First + i + 1);
            }
        }
    }

    /// <summary>
    /// Streams keys 0..keys−1 into the device in parts of <see cref="ChannelSession.LoadPartRecords"/> records
    /// (bounded memory at any N); the next part is encoded on another core while the device places this one.
    /// </summary>
    private void Load(KeyPrf prf, long keys)
    {
        int commandBytes = device.Parameters.CommandBytes;
        int partRecords = (int)Math.Min(ChannelSession.LoadPartRecords(commandBytes), keys);
        // The second buffer only once a second part exists (a load of one part touches half the memory); no zeroing,
        // every byte used is encoded.
        byte[][] parts = [GC.AllocateUninitializedArray<byte>(partRecords * commandBytes), []];
        long first = 0;
        // Nothing waits on the device yet, so both cores encode the first part.
        int firstCount = (int)Math.Min(partRecords, keys);
        int half = firstCount / 2;
        var secondHalf = Task.Run(() => Encode(prf, parts[0], half, half, firstCount - half));
        Encode(prf, parts[0], 0, 0, half);
        secondHalf.GetAwaiter().GetResult();
        var encoding = Task.FromResult(firstCount);
        for (int b = 0; ; b ^= 1)
        {
            int count = encoding.GetAwaiter().GetResult();
            long next = first + count;
            bool last = next >= keys;
            if (!last)
            {
                if (parts[b ^ 1].Length == 0)
                {
                    parts[b ^ 1] = GC.AllocateUninitializedArray<byte>(partRecords * commandBytes);
                }

                var buffer = parts[b ^ 1];
                encoding = Task.Run(() => Encode(prf, buffer, 0, next, (int)Math.Min(partRecords, keys - next)));
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

    /// <summary>Writes Put records for keys first..first+count−1 at version 0 from record <paramref name="at"/> on; returns count.</summary>
    private int Encode(KeyPrf prf, byte[] records, int at, long first, int count)
    {
        int commandBytes = device.Parameters.CommandBytes;
        Span<byte> value = stackalloc byte[_valueSize];
        for (int i = 0; i < count; i++)
        {
            ReferenceValues.Fill(value, first + i, 0);
            CommandLayout.Write(records.AsSpan((at + i) * commandBytes, commandBytes), OpCode.Put, prf.Digest(first + i), value);
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

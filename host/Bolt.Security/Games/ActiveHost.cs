using Bolt.Client;
using Bolt.Workloads;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Security.Workloads;
using Bolt.Sim;

namespace Bolt.Security.Games;

/// <summary>
/// A hostile host running a client's workload on device lifetimes of one root key: it corrupts pages between
/// batches on a <see cref="CorruptionSchedule"/>, puts them back after, and restarts the device (a fresh
/// lifetime, reloaded with the map's current items) whenever the device refuses frames because it halted.
/// It records the ordered page pair of every access, which is everything the linkage games look at; every
/// answered op is checked against a plain dictionary.
/// </summary>
internal sealed class ActiveHost
{
    private readonly DeviceLifetimes _lifetimes;
    private readonly BoltParameters _p;
    private readonly KeyPrf _prf;
    private readonly ReferenceMap _reference = new();
    private readonly OpPageRecorder _recorder;
    private readonly byte[] _value;
    private SimulatedDevice _device;
    private int _lifetime;

    private ActiveHost(DeviceLifetimes lifetimes, long loaded, long workloadSeed)
    {
        _lifetimes = lifetimes;
        _p = lifetimes.Parameters;
        _prf = new KeyPrf(YcsbRunner.PrfKey(workloadSeed));
        _recorder = new OpPageRecorder(_p.PageBytes);
        _value = new byte[_p.ValueSize];
        for (long k = 0; k < loaded; k++)
        {
            _reference.Load(k, _p.ValueSize);
        }

        _device = StartLifetime();
    }

    /// <summary>
    /// Loads keys 0..<paramref name="loaded"/>−1, then runs <paramref name="ops"/> ops of <paramref name="kind"/>
    /// in batches of <see cref="WorkloadDriver.Batch"/> (plus the client's retries, if it makes any).
    /// </summary>
    public static ActiveHostRun Run(DeviceLifetimes lifetimes, WorkloadKind kind, long loaded, long ops, long workloadSeed, long hostSeed, CorruptionSchedule schedule)
    {
        var host = new ActiveHost(lifetimes, loaded, workloadSeed);
        return host.Play(kind, loaded, ops, workloadSeed, hostSeed, schedule);
    }

    private ActiveHostRun Play(WorkloadKind kind, long loaded, long ops, long workloadSeed, long hostSeed, CorruptionSchedule schedule)
    {
        var loadImage = _device.HostMemory.ToArray();
        var counters = _device.Engine.Counters;
        long hostResident = counters.Items - counters.HbmItems - counters.Stash - counters.EvictionBuffer;
        var generator = new WorkloadGenerator(kind, _p.Capacity, loaded, ops, _p.ValueSize, new Random(unchecked((int)workloadSeed)));
        var random = new Random(unchecked((int)hostSeed));
        var retries = new Queue<WorkloadOp>();
        var served = new List<ServedOp>((int)Math.Min(ops + (ops / 8), int.MaxValue));
        int cb = _p.CommandBytes;
        int rb = _p.ResponseBytes;
        var commands = new byte[WorkloadDriver.Batch * cb];
        var responses = new byte[WorkloadDriver.Batch * rb];
        var batchOps = new List<WorkloadOp>(WorkloadDriver.Batch);
        var saved = new byte[_p.PageBytes];
        long issued = 0, corruptions = 0, aborted = 0, refused = 0, mismatches = 0;
        ulong stamp = 0;

        // Retries are bounded: an op is retried at most once per batch, and halts are rare, so this ends.
        for (long batch = 0; issued < ops || retries.Count > 0; batch++)
        {
            batchOps.Clear();
            while (batchOps.Count < WorkloadDriver.Batch && retries.Count > 0)
            {
                batchOps.Add(retries.Dequeue());
            }

            while (batchOps.Count < WorkloadDriver.Batch && issued < ops)
            {
                batchOps.Add(generator.Next());
                issued++;
            }

            ulong firstStamp = stamp + 1;
            for (int i = 0; i < batchOps.Count; i++)
            {
                var op = batchOps[i];
                ReferenceValues.Fill(_value.AsSpan(0, op.ValueLength), op.Key, ++stamp);
                CommandLayout.Write(commands.AsSpan(i * cb, cb), op.Op, _prf.Digest(op.Key), op.Op == OpCode.Put ? _value.AsSpan(0, op.ValueLength) : default);
            }

            int page = -1;
            if (schedule.CorruptsBefore(batch))
            {
                page = random.Next(_p.HostPages);
                var bytes = _device.HostMemory.Slice(page * _p.PageBytes, _p.PageBytes);
                bytes.CopyTo(saved);
                bytes[random.Next(_p.PageBytes)] ^= (byte)(1 + random.Next(255));
                corruptions++;
            }

            _recorder.Clear();
            long firstOp = _device.Engine.AccessSequence;
            bool halted = !TryExecute(commands.AsSpan(0, batchOps.Count * cb), responses.AsSpan(0, batchOps.Count * rb));
            for (int i = 0; i < batchOps.Count; i++)
            {
                var op = batchOps[i];
                var response = responses.AsSpan(i * rb, rb);
                var pair = halted ? null : _recorder.Pair(firstOp + i);
                bool present = _reference.Contains(op.Key);
                if (pair is null)
                {
                    // Refused without a touch: the device halted earlier in this batch or before it.
                    halted = true;
                    refused++;
                    RetryIf(schedule, retries, op);
                    continue;
                }

                bool integrity = ResponseLayout.ReadStatus(response) == DeviceStatus.IntegrityViolation;
                served.Add(new ServedOp(op, present, _lifetime, pair.Value.First, pair.Value.Second, integrity));
                if (integrity)
                {
                    aborted++;
                    RetryIf(schedule, retries, op);
                }
                else
                {
                    mismatches += _reference.CheckAndApply(op, firstStamp + (ulong)i, response) ? 0 : 1;
                }
            }

            if (halted)
            {
                // A fail-stop device serves nothing more in this lifetime: restart it with the map reloaded.
                _device = StartLifetime();
                continue;
            }

            if (page >= 0)
            {
                // An aborted access writes nothing, so the saved bytes are still the page's last good version.
                saved.CopyTo(_device.HostMemory.Slice(page * _p.PageBytes, _p.PageBytes));
            }
        }

        return new ActiveHostRun(served, loadImage, hostResident, _lifetime + 1, corruptions, aborted, refused, mismatches);
    }

    private static void RetryIf(CorruptionSchedule schedule, Queue<WorkloadOp> retries, WorkloadOp op)
    {
        if (schedule.Retries)
        {
            retries.Enqueue(op);
        }
    }

    private bool TryExecute(ReadOnlySpan<byte> commands, Span<byte> responses)
    {
        try
        {
            _device.Execute(commands, responses);
            return true;
        }
        catch (IntegrityViolationException)
        {
            return false;
        }
    }

    /// <summary>A fresh lifetime of the same root key, reloaded with every item the map holds now.</summary>
    private SimulatedDevice StartLifetime()
    {
        if (_device is not null)
        {
            _device.Dispose();
            _lifetime++;
        }

        var device = _lifetimes.Start();
        int cb = _p.CommandBytes;
        var entries = _reference.Entries().ToList();
        var load = new byte[entries.Count * cb];
        for (int i = 0; i < entries.Count; i++)
        {
            var (key, stamp, length) = entries[i];
            ReferenceValues.Fill(_value.AsSpan(0, length), key, stamp);
            CommandLayout.Write(load.AsSpan(i * cb, cb), OpCode.Put, _prf.Digest(key), _value.AsSpan(0, length));
        }

        device.Initialise(load);
        device.Trace = _recorder;
        return device;
    }
}

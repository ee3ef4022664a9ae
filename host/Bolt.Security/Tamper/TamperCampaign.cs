using Bolt.Client;
using Bolt.Client.Workloads;
using Bolt.Core.Abi;
using Bolt.Security.Workloads;
using Bolt.Sim;

namespace Bolt.Security.Tamper;

/// <summary>
/// Random attacks on host memory interleaved with normal ops checked against a reference dictionary. After
/// each attack, ops run until one reads a tampered page: that access must answer <c>IntegrityViolation</c>
/// (SPEC §6.5: it is aborted before any state change, nothing is written, its sequence number is used).
/// The campaign then does what the host must do — put the page's last good bytes back — and retries the op,
/// which must now succeed; every other response must match the dictionary, and at the end every key is read
/// back. One attack is outstanding at a time, so each detection is attributed to exactly one attack.
/// </summary>
public sealed class TamperCampaign(TamperCampaignOptions options)
{
    /// <summary>Runs the campaign; <paramref name="progress"/> hears of attacks done.</summary>
    public TamperOutcome Run(IProgress<long>? progress = null)
    {
        var p = options.Parameters;
        var random = new Random(unchecked((int)options.Seed ^ 0x7A3F));
        var recorder = new PageTouchRecorder(p.PageBytes);
        using var device = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = p, Seed = SimulatedDeviceOptions.SeedFromNumber(options.Seed) });
        var prf = new KeyPrf(YcsbRunner.PrfKey(options.Seed));
        var reference = new ReferenceMap();

        // Half the capacity loaded; keys drawn from 3/4 of it, so the map never fills.
        long keySpace = 3L * p.Capacity / 4;
        var load = new byte[(p.Capacity / 2) * p.CommandBytes];
        var value = new byte[p.ValueSize];
        for (int k = 0; k < p.Capacity / 2; k++)
        {
            ReferenceValues.Fill(value, k, 0);
            CommandLayout.Write(load.AsSpan(k * p.CommandBytes, p.CommandBytes), OpCode.Put, prf.Digest(k), value);
            reference.Load(k, p.ValueSize);
        }

        device.Initialise(load);
        device.Trace = recorder;
        var target = new TamperTarget(() => device.HostMemory, p.HostPages, p.PageBytes, options.HistoryDepth);
        for (int page = 0; page < p.HostPages; page++)
        {
            target.Remember(page);
        }

        var command = new byte[p.CommandBytes];
        var response = new byte[p.ResponseBytes];
        var byKind = options.Kinds.ToDictionary(k => k.Name, _ => (Attacks: 0L, Detected: 0L));
        long detected = 0, undetected = 0, falseAlarms = 0, wrong = 0, accesses = 0, recovered = 0;
        ulong stamp = 0;

        // One access: encode, execute, remember the pages it wrote (the attacker's copies for later replays).
        DeviceStatus Access(WorkloadOp op)
        {
            ReferenceValues.Fill(value.AsSpan(0, op.ValueLength), op.Key, stamp + 1);
            CommandLayout.Write(command, op.Op, prf.Digest(op.Key), op.Op == OpCode.Put ? value.AsSpan(0, op.ValueLength) : default);
            recorder.Clear();
            device.Execute(command, response);
            accesses++;
            foreach (int page in recorder.Writes)
            {
                target.Remember(page);
            }

            return ResponseLayout.ReadStatus(response);
        }

        void Check(WorkloadOp op) => wrong += reference.CheckAndApply(op, ++stamp, response) ? 0 : 1;

        for (int attack = 0; attack < options.Attacks; attack++)
        {
            var snapshot = device.HostMemory.ToArray();
            IHostMemoryAttack kind;
            IReadOnlyList<int> pages;
            do
            {
                kind = options.Kinds[random.Next(options.Kinds.Count)];
                pages = kind.Apply(target, random);
            }
            while (pages.Count == 0);

            var counts = byKind[kind.Name];
            byKind[kind.Name] = (counts.Attacks + 1, counts.Detected);
            bool outstanding = true;
            while (outstanding)
            {
                var op = RandomOp(random, keySpace, p.ValueSize);
                var status = Access(op);
                bool readTampered = pages.Any(recorder.Reads.Contains);
                if (!readTampered)
                {
                    falseAlarms += status == DeviceStatus.IntegrityViolation ? 1 : 0;
                    if (status != DeviceStatus.IntegrityViolation)
                    {
                        Check(op);
                    }

                    continue;
                }

                outstanding = false;
                if (status != DeviceStatus.IntegrityViolation)
                {
                    // The device took the bytes and wrote the page anew: nothing left to restore.
                    undetected++;
                    Check(op);
                    continue;
                }

                // Aborted before any write, so the snapshot still holds the pages' current good bytes.
                foreach (int page in pages)
                {
                    snapshot.AsSpan(page * p.PageBytes, p.PageBytes).CopyTo(target.Page(page));
                }

                detected++;
                byKind[kind.Name] = (byKind[kind.Name].Attacks, byKind[kind.Name].Detected + 1);

                // The aborted access changed nothing: with the page restored, the same op must now succeed.
                if (Access(op) == DeviceStatus.IntegrityViolation)
                {
                    falseAlarms++;
                }
                else if (reference.CheckAndApply(op, ++stamp, response))
                {
                    recovered++;
                }
                else
                {
                    wrong++;
                }
            }

            if ((attack & 0xFF) == 0 || attack == options.Attacks - 1)
            {
                progress?.Report(attack + 1);
            }
        }

        long final = 0;
        for (long k = 0; k < keySpace; k++)
        {
            var op = new WorkloadOp(OpCode.Get, k, 0);
            final += Access(op) != DeviceStatus.IntegrityViolation && reference.CheckAndApply(op, ++stamp, response) ? 0 : 1;
        }

        return new TamperOutcome
        {
            Attacks = options.Attacks,
            Detected = detected,
            Undetected = undetected,
            FalseAlarms = falseAlarms,
            WrongValues = wrong,
            FinalMismatches = final,
            Accesses = accesses,
            Recovered = recovered,
            ByKind = byKind,
        };
    }

    private static WorkloadOp RandomOp(Random random, long keySpace, int valueSize)
    {
        long key = random.NextInt64(keySpace);
        int roll = random.Next(10);
        return roll < 4 ? new(OpCode.Get, key, 0)
            : roll < 8 ? new(OpCode.Put, key, random.Next(valueSize + 1))
            : new(OpCode.Delete, key, 0);
    }
}

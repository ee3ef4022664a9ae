using Bolt.Client;
using Bolt.Workloads;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Security.Workloads;
using Bolt.Sim;

namespace Bolt.Security.Tamper;

/// <summary>
/// The state of one tamper campaign: the device, the sealed client, the reference dictionary, what the
/// attackers have seen, and the tallies. <see cref="TamperCampaign"/> documents the rounds it plays.
/// </summary>
internal sealed class TamperRun : IDisposable
{
    private const string IntegrityVerdict = "IntegrityViolation";

    private readonly TamperCampaignOptions _options;
    private readonly BoltParameters _p;
    private readonly Random _random;
    private readonly PageTouchRecorder _recorder;
    private readonly byte[] _deviceKey;
    private readonly KeyPrf _prf;
    private readonly ReferenceMap _reference = new();
    private readonly TamperTarget _memory;
    private readonly ChannelTarget _channel;
    private readonly Dictionary<string, TamperKindOutcome> _byKind;
    private readonly DetectionAftermath _aftermath = new();
    private readonly long _keySpace;
    private ulong _stamp;
    private long _detected, _undetected, _falseAlarms, _wrong, _accesses, _recovered, _stateChanges;
    private long _restarts, _earlierRejections, _earlierRetransmissions, _earlierSessions;
    private SimulatedDevice _device;
    private SealedClient _client;

    public TamperRun(TamperCampaignOptions options)
    {
        _options = options;
        _p = options.Parameters;
        _random = new Random(unchecked((int)options.Seed ^ 0x7A3F));
        _recorder = new PageTouchRecorder(_p.PageBytes);
        _deviceKey = SimulatedDeviceOptions.InsecureFixedKey(options.Seed);
        _prf = new KeyPrf(YcsbRunner.PrfKey(options.Seed));
        _device = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = _p, Seed = _deviceKey, Leak = options.Leak });
        _client = new SealedClient(_device, ChannelKdf.ProvisioningKey(_deviceKey), _prf);
        _byKind = options.Kinds.ToDictionary(k => k.Name, _ => new TamperKindOutcome());

        // Half the capacity loaded, through a sealed load frame; keys drawn from 3/4 of it, so the map never fills.
        _keySpace = 3L * _p.Capacity / 4;
        var load = Enumerable.Range(0, _p.Capacity / 2).Select(k => new StampedOp(new WorkloadOp(OpCode.Put, k, _p.ValueSize), 0)).ToArray();
        _client.Load(_client.Encode(load));
        foreach (var op in load)
        {
            _reference.Load(op.Op.Key, _p.ValueSize);
        }

        _device.Trace = _recorder;
        _memory = new TamperTarget(() => _device.HostMemory, _p.HostPages, _p.PageBytes, options.HistoryDepth);
        for (int page = 0; page < _p.HostPages; page++)
        {
            _memory.Remember(page);
        }

        _channel = new ChannelTarget(options.FrameHistory, records => _client.Seal(records, _client.Foreign));
    }

    /// <summary>Makes one attack of a kind drawn at random; a kind with nothing to work on yet gives way to an honest round and a new draw.</summary>
    public void Attack()
    {
        while (true)
        {
            var kind = _options.Kinds[_random.Next(_options.Kinds.Count)];
            bool made = kind switch
            {
                IHostMemoryAttack memory => MemoryRound(memory),
                IChannelAttack channel => channel.Direction switch
                {
                    ChannelDirection.Command => CommandRound(channel),
                    ChannelDirection.Response => ResponseRound(channel),
                    _ => WithheldRound(channel),
                },
                _ => throw new ArgumentException($"The attack kind {kind.Name} is neither on host memory nor on the channel."),
            };
            if (made)
            {
                return;
            }
        }
    }

    /// <summary>Reads every key of the key space back; returns the mismatches.</summary>
    public long FinalReadBack()
    {
        long mismatches = 0;
        for (long k = 0; k < _keySpace; k += 64)
        {
            var ops = new List<StampedOp>();
            for (long key = k; key < Math.Min(k + 64, _keySpace); key++)
            {
                ops.Add(new StampedOp(new WorkloadOp(OpCode.Get, key, 0), 0));
            }

            mismatches += Serve(_client.Seal(_client.Encode(ops)), ops);
        }

        return mismatches;
    }

    public TamperOutcome Outcome(long finalMismatches) => new()
    {
        Attacks = _byKind.Values.Sum(k => k.Attacks),
        Detected = _detected,
        Undetected = _undetected,
        FalseAlarms = _falseAlarms,
        WrongValues = _wrong,
        FinalMismatches = finalMismatches,
        Accesses = _accesses,
        Recovered = _recovered,
        StateChanges = _stateChanges,
        Sessions = _earlierSessions + _client.Sessions,
        DeviceRejections = _earlierRejections + _device.Channel.Rejected,
        DeviceRetransmissions = _earlierRetransmissions + _device.Channel.Retransmitted,
        Restarts = _restarts,
        LinkedAfterDetection = _aftermath.Linked,
        ServedAfterDetection = _aftermath.ServedAfter,
        AccessesAfterDetection = _aftermath.AccessesAfter,
        ByKind = _byKind,
    };

    public void Dispose() => _device.Dispose();

    /// <summary>
    /// Tampers with host memory, then serves one op per frame until one reads a tampered page: it must answer
    /// <c>IntegrityViolation</c> inside a correctly sealed response (SPEC §6.5). The host then puts the page's
    /// last good bytes back and retries the op, which must succeed.
    /// </summary>
    private bool MemoryRound(IHostMemoryAttack kind)
    {
        var snapshot = _device.HostMemory.ToArray();
        var pages = kind.Apply(_memory, _random);
        if (pages.Count == 0)
        {
            Honest();
            return false;
        }

        var tally = _byKind[kind.Name];
        tally.Made();
        while (true)
        {
            var op = NextOps(1);
            var response = Access(op);
            var status = ResponseLayout.ReadStatus(response);
            if (!pages.Any(_recorder.Reads.Contains))
            {
                if (status == DeviceStatus.IntegrityViolation)
                {
                    _falseAlarms++;
                }
                else
                {
                    _wrong += Check(op, response);
                }

                continue;
            }

            if (status != DeviceStatus.IntegrityViolation)
            {
                // The device took the bytes and wrote the page anew: nothing left to restore.
                _undetected++;
                _wrong += Check(op, response);
                return true;
            }

            // Aborted before any write, so the snapshot still holds the pages' current good bytes.
            foreach (int page in pages)
            {
                snapshot.AsSpan(page * _p.PageBytes, _p.PageBytes).CopyTo(_memory.Page(page));
            }

            _detected++;
            tally.Caught(IntegrityVerdict);
            var (first, second) = _recorder.Pairs().Last();
            _aftermath.Detected(first, second);
            var retry = NextOps(1, op[0].Op);
            response = Access(retry);
            if (_recorder.Reads.Count == 0)
            {
                // The retry touched no page: a fail-stop device refuses every access after the detection. The host
                // restarts it (a new lifetime, the map reloaded from the client's copy) and the client sends the op again.
                Restart();
                response = Access(retry);
            }
            if (ResponseLayout.ReadStatus(response) == DeviceStatus.IntegrityViolation)
            {
                _falseAlarms++;
            }
            else if (Check(retry, response) == 0)
            {
                _recovered++;
            }
            else
            {
                _wrong++;
            }

            return true;
        }
    }

    /// <summary>
    /// Seals two honest frames, delivers the attack's forgery in place of the first, and expects the device to
    /// reject it having executed nothing (host memory and access counter unchanged). SPEC §10.4 leaves the
    /// expected sequence number alone, so the honest frames then go through on the same session.
    /// </summary>
    private bool CommandRound(IChannelAttack kind)
    {
        if (!TryForgeFirstOfTwo(kind, out var first, out var second, out var firstFrame, out var secondFrame, out var forged))
        {
            return false;
        }

        var tally = _byKind[kind.Name];
        tally.Made();
        var snapshot = _device.HostMemory.ToArray();
        long sequence = _device.Engine.AccessSequence;
        byte[] response;
        try
        {
            response = Deliver(forged);
        }
        catch (ChannelViolationException e)
        {
            bool untouched = _device.Engine.AccessSequence == sequence && _recorder.Reads.Count == 0 && _recorder.Writes.Count == 0
                && _device.HostMemory.SequenceEqual(snapshot);
            _stateChanges += untouched ? 0 : 1;
            _detected++;
            tally.Caught(e.Fault.ToString());
            long bad = Serve(firstFrame, first) + Serve(secondFrame, second);
            _recovered += bad == 0 ? 1 : 0;
            return true;
        }

        if (_device.Engine.AccessSequence == sequence && _device.HostMemory.SequenceEqual(snapshot))
        {
            // A replay of the last executed frame is a retransmission: answered from the cache, nothing ran. The
            // client must reject that old answer; then both honest frames go through on the same session.
            _accesses -= (response.Length - FrameLayout.OverheadBytes) / _p.ResponseBytes;
            try
            {
                _client.Open(response, first.Length);
            }
            catch (ChannelViolationException e)
            {
                _detected++;
                tally.Caught(e.Fault.ToString());
                long bad = Serve(firstFrame, first) + Serve(secondFrame, second);
                _recovered += bad == 0 ? 1 : 0;
                return true;
            }
        }

        // The device took the forgery: if it was the honest frame after all, its answer opens; otherwise
        // what the device did is read back on a new session.
        _undetected++;
        try
        {
            _wrong += Check(first, _client.Open(response, first.Length));
            _wrong += Serve(secondFrame, second);
        }
        catch (ChannelViolationException)
        {
            _client.Renew();
            _wrong += Resolve(first);
        }

        return true;
    }

    /// <summary>
    /// Delivers an honest frame, then hands the client the attack's forgery of the response: the client must
    /// reject it. It then retransmits the same frame on the same session (SPEC §10.5): the device must answer with
    /// the very response frame it sealed before, running nothing, and that answer must open and match the reference.
    /// </summary>
    private bool ResponseRound(IChannelAttack kind)
    {
        var ops = NextOps(2 + _random.Next(_options.FrameRecords - 1));
        var records = _client.Encode(ops);
        var frame = _client.Seal(records);
        var response = Deliver(frame);
        _channel.RelayedCommand(frame);
        _channel.Strike(response, null, records, _client.Foreign.SessionId);
        var forged = kind.Forge(_channel, _random);
        _channel.RelayedResponse(response);
        if (forged is null)
        {
            _wrong += Check(ops, _client.Open(response, ops.Length));
            return false;
        }

        var tally = _byKind[kind.Name];
        tally.Made();
        byte[] responses;
        try
        {
            responses = _client.Open(forged, ops.Length);
        }
        catch (ChannelViolationException e)
        {
            _detected++;
            tally.Caught(e.Fault.ToString());
            _recovered += Retransmit(frame, response, ops) ? 1 : 0;
            return true;
        }

        _undetected++;
        _wrong += Check(ops, responses);
        return true;
    }

    /// <summary>
    /// Seals two honest frames and withholds the first, handing the client the attack's forged answer, which the
    /// client must reject. The client retransmits the first frame (this time relayed: it runs once) and goes on to
    /// the second; then the host delivers its withheld copy. The device must reject it having run nothing: a stale
    /// frame never runs after a newer one (SPEC §10.5).
    /// </summary>
    private bool WithheldRound(IChannelAttack kind)
    {
        if (!TryForgeFirstOfTwo(kind, out var first, out var second, out var firstFrame, out var secondFrame, out var forged))
        {
            return false;
        }

        var tally = _byKind[kind.Name];
        tally.Made();
        try
        {
            _client.Open(forged, first.Length);
            _undetected++;
            _client.Renew();
            _wrong += Resolve(first);
            return true;
        }
        catch (ChannelViolationException)
        {
            // The client keeps the frame and retransmits it; the late copy is the real test.
        }

        long bad = Serve(firstFrame, first) + Serve(secondFrame, second);
        var snapshot = _device.HostMemory.ToArray();
        long sequence = _device.Engine.AccessSequence;
        try
        {
            Deliver(firstFrame);
        }
        catch (ChannelViolationException e)
        {
            bool untouched = _device.Engine.AccessSequence == sequence && _recorder.Reads.Count == 0 && _recorder.Writes.Count == 0
                && _device.HostMemory.SequenceEqual(snapshot);
            _stateChanges += untouched ? 0 : 1;
            _detected++;
            tally.Caught(e.Fault.ToString());
            _recovered += bad == 0 ? 1 : 0;
            return true;
        }

        // The stale frame ran after the newer one: whatever it wrote rolled keys back.
        _undetected++;
        _wrong += first.Length;
        return true;
    }

    /// <summary>
    /// Retransmits a frame the device already served, after the client rejected a forged answer: the device must
    /// send the same response frame byte for byte without running anything, and it must open and match the reference.
    /// </summary>
    private bool Retransmit(byte[] frame, byte[] served, IReadOnlyList<StampedOp> ops)
    {
        var snapshot = _device.HostMemory.ToArray();
        long sequence = _device.Engine.AccessSequence;
        _recorder.Clear();
        byte[] again;
        try
        {
            again = _client.Deliver(frame);
        }
        catch (ChannelViolationException)
        {
            _falseAlarms++;
            _client.Renew();
            Resolve(ops);
            return false;
        }

        bool untouched = _device.Engine.AccessSequence == sequence && _recorder.Reads.Count == 0 && _recorder.Writes.Count == 0
            && _device.HostMemory.SequenceEqual(snapshot);
        _stateChanges += untouched ? 0 : 1;
        long bad = Check(ops, _client.Open(again, ops.Count));
        _wrong += bad;
        return untouched && bad == 0 && again.AsSpan().SequenceEqual(served);
    }

    /// <summary>One honest frame of a few ops, served and checked (when an attack found nothing to work on).</summary>
    private void Honest()
    {
        var ops = NextOps(1 + _random.Next(_options.FrameRecords));
        _wrong += Serve(_client.Seal(_client.Encode(ops)), ops);
    }

    /// <summary>
    /// Settles a batch whose response was lost: the device executed it whole or not at all, so each key it
    /// touched must read back as after the batch or as before it; the reference adopts what the read shows.
    /// The campaign knows more than the client: the forgery came after the device served the batch, so a
    /// key that reads as before it is a lost write, and counts as a wrong value too. Returns the mismatches.
    /// </summary>
    private long Resolve(IReadOnlyList<StampedOp> batch)
    {
        var keys = batch.Select(o => o.Op.Key).Distinct().ToArray();
        var before = keys.ToDictionary(k => k, _reference.Lookup);
        foreach (var (op, stamp) in batch)
        {
            _reference.Apply(op, stamp);
        }

        var reads = keys.Select(k => new StampedOp(new WorkloadOp(OpCode.Get, k, 0), 0)).ToArray();
        var responses = _client.Open(Deliver(_client.Seal(_client.Encode(reads))), reads.Length);
        long mismatches = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            var response = Record(responses, i);
            if (_reference.CheckAndApply(reads[i].Op, 0, response))
            {
                continue;
            }

            mismatches++;
            var after = _reference.Lookup(keys[i]);
            _reference.Restore(keys[i], before[keys[i]]);
            if (!_reference.CheckAndApply(reads[i].Op, 0, response))
            {
                _reference.Restore(keys[i], after);
            }
        }

        _wrong += mismatches;
        return mismatches;
    }

    /// <summary>Delivers an honest frame, opens its answer and checks it; returns the mismatches (a rejection is a false alarm).</summary>
    private long Serve(byte[] frame, IReadOnlyList<StampedOp> ops)
    {
        byte[] response;
        try
        {
            response = Deliver(frame);
        }
        catch (ChannelViolationException)
        {
            // Nothing ran; the frame stays outstanding on the client, so its session cannot go on.
            _falseAlarms++;
            _client.Renew();
            return ops.Count;
        }

        _channel.RelayedCommand(frame);
        _channel.RelayedResponse(response);
        try
        {
            return Check(ops, _client.Open(response, ops.Count));
        }
        catch (ChannelViolationException)
        {
            _falseAlarms++;
            _client.Renew();
            return Resolve(ops);
        }
    }

    /// <summary>
    /// Starts a new lifetime of the device (same root key, so the client's provisioning key still works), opens a new
    /// client on it and loads every item the dictionary holds through a sealed load frame.
    /// </summary>
    private void Restart()
    {
        _earlierRejections += _device.Channel.Rejected;
        _earlierRetransmissions += _device.Channel.Retransmitted;
        _earlierSessions += _client.Sessions;
        _device.Dispose();
        _device = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = _p, Seed = _deviceKey, Leak = _options.Leak });
        _client = new SealedClient(_device, ChannelKdf.ProvisioningKey(_deviceKey), _prf);
        var load = _reference.Entries().Select(e => new StampedOp(new WorkloadOp(OpCode.Put, e.Key, e.Length), e.Stamp)).ToArray();
        _client.Load(_client.Encode(load));
        _device.Trace = _recorder;
        for (int page = 0; page < _p.HostPages; page++)
        {
            _memory.Remember(page);
        }

        _aftermath.Restarted();
        _restarts++;
    }

    /// <summary>One op in a frame of its own, through the channel; returns its plaintext response record.</summary>
    private byte[] Access(IReadOnlyList<StampedOp> op)
    {
        var frame = _client.Seal(_client.Encode(op));
        var response = Deliver(frame);
        _channel.RelayedCommand(frame);
        _channel.RelayedResponse(response);
        return _client.Open(response, 1);
    }

    /// <summary>Hands a frame to the device with the page recorder cleared; keeps copies of the pages it wrote (for replays).</summary>
    private byte[] Deliver(byte[] frame)
    {
        _recorder.Clear();
        var response = _client.Deliver(frame);
        _accesses += (response.Length - FrameLayout.OverheadBytes) / _p.ResponseBytes;
        foreach (var (first, second) in _recorder.Pairs())
        {
            _aftermath.Served(first, second);
        }

        foreach (int page in _recorder.Writes)
        {
            _memory.Remember(page);
        }

        return response;
    }

    /// <summary>Checks each response record against the reference and applies the ops; returns the mismatches.</summary>
    private long Check(IReadOnlyList<StampedOp> ops, ReadOnlySpan<byte> responses)
    {
        long mismatches = 0;
        for (int i = 0; i < ops.Count; i++)
        {
            mismatches += _reference.CheckAndApply(ops[i].Op, ops[i].Stamp, Record(responses, i)) ? 0 : 1;
        }

        return mismatches;
    }

    private ReadOnlySpan<byte> Record(ReadOnlySpan<byte> responses, int i) => responses.Slice(i * _p.ResponseBytes, _p.ResponseBytes);

    /// <summary>
    /// Seals two honest frames and lets the attack forge something from the first. When the attack finds
    /// nothing to work on, both frames are served honestly and the round does not count.
    /// </summary>
    private bool TryForgeFirstOfTwo(IChannelAttack kind, out StampedOp[] first, out StampedOp[] second, out byte[] firstFrame, out byte[] secondFrame, out byte[] forged)
    {
        first = NextOps(2 + _random.Next(_options.FrameRecords - 1));
        second = NextOps(2 + _random.Next(_options.FrameRecords - 1));
        var firstRecords = _client.Encode(first);
        firstFrame = _client.Seal(firstRecords);
        secondFrame = _client.Seal(_client.Encode(second));
        _channel.Strike(firstFrame, secondFrame, firstRecords, _client.Foreign.SessionId);
        var attempt = kind.Forge(_channel, _random);
        forged = attempt ?? [];
        if (attempt is null)
        {
            Serve(firstFrame, first);
            Serve(secondFrame, second);
            return false;
        }

        return true;
    }

    /// <summary>Random gets, puts and deletes, each with a fresh stamp; <paramref name="repeat"/> re-sends an op with a new stamp.</summary>
    private StampedOp[] NextOps(int count, WorkloadOp? repeat = null)
    {
        var ops = new StampedOp[count];
        for (int i = 0; i < count; i++)
        {
            ops[i] = new StampedOp(repeat ?? RandomOp(), ++_stamp);
        }

        return ops;
    }

    private WorkloadOp RandomOp()
    {
        long key = _random.NextInt64(_keySpace);
        int roll = _random.Next(10);
        return roll < 4 ? new(OpCode.Get, key, 0)
            : roll < 8 ? new(OpCode.Put, key, _random.Next(_p.ValueSize + 1))
            : new(OpCode.Delete, key, 0);
    }
}

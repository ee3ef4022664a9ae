using Bolt.Client;
using Bolt.Workloads;
using Bolt.Security.Workloads;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Core.Device;

namespace Bolt.Security.Tamper;

/// <summary>
/// The campaign's enclave client: it encodes ops, seals them on its current session, hands frames to the device
/// (the host relays them, so the campaign can deliver forged bytes instead) and opens the responses. It also
/// holds a second, foreign session on the same device, whose frames the host may cross-deliver.
/// </summary>
internal sealed class SealedClient
{
    private readonly IBoltDevice _device;
    private readonly byte[] _provisioningKey;
    private readonly KeyPrf _prf;
    private readonly BoltParameters _p;
    private readonly byte[] _value;

    public SealedClient(IBoltDevice device, byte[] provisioningKey, KeyPrf prf)
    {
        _device = device;
        _provisioningKey = provisioningKey;
        _prf = prf;
        _p = device.Parameters;
        _value = new byte[_p.ValueSize];
        Session = ChannelSession.Open(device, provisioningKey);
        Foreign = ChannelSession.Open(device, provisioningKey);
        Sessions = 1;
    }

    /// <summary>The session the campaign's traffic uses.</summary>
    public ChannelSession Session { get; private set; }

    /// <summary>Another client's session, only ever used to seal frames the host cross-delivers; kept open on the device.</summary>
    public ChannelSession Foreign { get; private set; }

    /// <summary>Sessions the campaign opened for its own traffic.</summary>
    public long Sessions { get; private set; }

    /// <summary>SPEC §10.5: after a rejected response the session is spent; the next call opens a new one.</summary>
    public void Renew()
    {
        Session = ChannelSession.Open(_device, _provisioningKey);
        Sessions++;

        // The device holds SessionSlots sessions and evicts the oldest by id: reopen the foreign one before it goes.
        if (Session.SessionId - Foreign.SessionId >= (ulong)_device.Parameters.SessionSlots - 1)
        {
            Foreign = ChannelSession.Open(_device, _provisioningKey);
        }
    }

    /// <summary>The plaintext command records of <paramref name="ops"/>.</summary>
    public byte[] Encode(IReadOnlyList<StampedOp> ops)
    {
        var records = new byte[ops.Count * _p.CommandBytes];
        for (int i = 0; i < ops.Count; i++)
        {
            var (op, stamp) = ops[i];
            var value = _value.AsSpan(0, op.Op == OpCode.Put ? op.ValueLength : 0);
            ReferenceValues.Fill(value, op.Key, stamp);
            CommandLayout.Write(records.AsSpan(i * _p.CommandBytes, _p.CommandBytes), op.Op, _prf.Digest(op.Key), value);
        }

        return records;
    }

    /// <summary>Seals <paramref name="records"/> with the next sequence number of <paramref name="session"/> (default: the current one).</summary>
    public byte[] Seal(byte[] records, ChannelSession? session = null)
    {
        var frame = new byte[FrameLayout.Bytes(records.Length / _p.CommandBytes, _p.CommandBytes)];
        (session ?? Session).SealCommands(records, frame);
        return frame;
    }

    /// <summary>Hands a command frame (honest or forged) to the device; returns the response frame.</summary>
    /// <exception cref="ChannelViolationException">The device rejected the frame.</exception>
    public byte[] Deliver(byte[] frame)
    {
        // Room for the largest answer a frame of this length could get; a forged count is the device's to refuse.
        int records = Math.Max(1, (frame.Length - FrameLayout.OverheadBytes) / _p.CommandBytes + 1);
        var response = new byte[FrameLayout.Bytes(records, _p.ResponseBytes)];
        return response[.._device.ExecuteSealed(frame, response)];
    }

    /// <summary>Opens the response frame of the oldest outstanding command frame of the current session.</summary>
    /// <exception cref="ChannelViolationException">The client rejected the frame; the session is spent.</exception>
    public byte[] Open(byte[] responseFrame, int count)
    {
        var responses = new byte[count * _p.ResponseBytes];
        Session.OpenResponses(responseFrame, responses);
        return responses;
    }

    /// <summary>Loads the device through a sealed load frame (SPEC §7).</summary>
    public void Load(byte[] putRecords) => Session.Load(putRecords);
}

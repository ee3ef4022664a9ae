using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Core.Device;

namespace Bolt.Cluster.Client;

/// <summary>
/// The balancer's sealed channel to one shard device: a <see cref="ChannelSession"/> that retransmits a frame in doubt
/// (the device's sequence numbers and response cache answer a retransmission, never run it twice), settles a frame left
/// pending by an earlier epoch before sending anything new, and replaces a session the device no longer knows only once
/// the device provably evicted it. A batch larger than one frame's limit travels as several frames (a public function
/// of the batch size). One caller at a time (the loader, then the balancer's epochs): a second concurrent caller is
/// refused, since two callers on one session would seal frames whose sequence numbers reach the device out of order.
/// </summary>
internal sealed class ShardChannel : IDisposable
{
    private readonly IBoltDevice _device;
    private readonly byte[] _provisioningKey;
    private readonly bool _ownsDevice;
    private readonly int _commandBytes;
    private readonly int _responseBytes;
    private byte[] _scratch = [];
    private ChannelSession? _session;
    private int _inUse;

    public ShardChannel(int shard, IBoltDevice device, ReadOnlySpan<byte> provisioningKey, bool ownsDevice)
    {
        Shard = shard;
        _device = device;
        _provisioningKey = provisioningKey.ToArray();
        _ownsDevice = ownsDevice;
        _commandBytes = device.Parameters.CommandBytes;
        _responseBytes = device.Parameters.ResponseBytes;
    }

    public int Shard { get; }

    public BoltParameters Parameters => _device.Parameters;

    /// <summary>Frames sent to the device (first deliveries and retransmissions alike).</summary>
    public long Frames { get; private set; }

    /// <summary>Opens the session and loads the device from sealed Put records (possibly none), in parts.</summary>
    public void Load(ReadOnlySpan<byte> putRecords)
    {
        Enter();
        try
        {
            LoadParts(putRecords);
        }
        finally
        {
            Volatile.Write(ref _inUse, 0);
        }
    }

    /// <summary>Serves whole command records, in frames of at most the device's frame limit; fills one response record per command.</summary>
    public void Execute(ReadOnlySpan<byte> commands, Span<byte> responses)
    {
        Enter();
        try
        {
            int records = commands.Length / _commandBytes;
            for (int start = 0; start < records; start += ChannelEndpoint.MaxFrameRecords)
            {
                int count = Math.Min(ChannelEndpoint.MaxFrameRecords, records - start);
                RoundTrip(commands.Slice(start * _commandBytes, count * _commandBytes), responses.Slice(start * _responseBytes, count * _responseBytes));
            }
        }
        finally
        {
            Volatile.Write(ref _inUse, 0);
        }
    }

    private void Enter()
    {
        if (Interlocked.Exchange(ref _inUse, 1) != 0)
        {
            throw new InvalidOperationException($"Shard {Shard}'s channel is already serving a call; its session serves one caller at a time.");
        }
    }

    private void LoadParts(ReadOnlySpan<byte> putRecords)
    {
        _session = ChannelSession.Open(_device, _provisioningKey);
        int partBytes = ChannelSession.LoadPartRecords(_commandBytes) * _commandBytes;
        while (putRecords.Length > partBytes)
        {
            _session.Load(putRecords[..partBytes], lastPart: false);
            putRecords = putRecords[partBytes..];
        }

        _session.Load(putRecords, lastPart: true);
    }

    private void RoundTrip(ReadOnlySpan<byte> commands, Span<byte> responses)
    {
        try
        {
            if (_session is null || _session.IsBroken)
            {
                _session = _session is null ? ChannelSession.Open(_device, _provisioningKey) : ChannelSession.Replace(_session, _provisioningKey);
            }

            if (_session.HasPendingFrame)
            {
                // The frame of a failed epoch: its callers were told "unknown"; it runs (if it never did) before anything newer.
                if (_scratch.Length < _session.PendingCount * _responseBytes)
                {
                    _scratch = new byte[_session.PendingCount * _responseBytes];
                }

                Frames++;
                try
                {
                    _session.ResolvePending(_scratch);
                }
                catch (ChannelViolationException) when (_session.IsBroken)
                {
                    _session = ChannelSession.Replace(_session, _provisioningKey);
                }
            }

            Frames++;
            _session.Execute(commands, responses);
        }
        catch (ChannelViolationException e) when (e.Fault == ChannelFault.UnknownSession && _session is { IsBroken: true })
        {
            throw new SessionEvictedException(
                $"Shard {Shard}'s device no longer holds channel session {_session.SessionId} (it restarted, evicted it, or the host claims so). "
                + "This epoch's requests on the shard ran whole or not at all and can never run later; the next epoch opens a new session.");
        }
        catch (Exception e) when (e is not BoltException and not OperationCanceledException)
        {
            throw new DeviceFailureException($"Shard {Shard}'s device failed while serving an epoch: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(_provisioningKey);
        if (_ownsDevice)
        {
            _device.Dispose();
        }
    }
}

using System.Diagnostics;
using System.Security.Cryptography;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;

namespace Bolt.Client;

/// <summary>
/// The map's device worker: one thread owns the session and the device, so a caller's await never blocks a
/// thread on a round trip, and single-key calls queued together go out as one frame.
/// </summary>
public sealed partial class ObliviousMap
{
    private readonly Queue<MapJob> _queue = new();
    private readonly Thread _worker;
    private readonly TimeSpan _coalescingDelay;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<SingleJob> _frame = new(MaxBatch);
    private bool _closing;

    /// <summary>Serves the calls already queued, then closes the map (and the device, if the map owns it).</summary>
    public async ValueTask DisposeAsync()
    {
        BeginClose();
        await _stopped.Task.ConfigureAwait(false);
    }

    /// <summary>Serves the calls already queued, then closes the map (and the device, if the map owns it).</summary>
    public void Dispose()
    {
        BeginClose();
        if (Thread.CurrentThread != _worker)
        {
            _worker.Join();
        }
    }

    /// <summary>Serves a caller's batch in frames of up to <see cref="MaxBatch"/>; runs on the worker.</summary>
    internal MapResult[] ServeBatch(IReadOnlyList<MapRequest> requests)
    {
        var results = new MapResult[requests.Count];
        for (int start = 0; start < requests.Count; start += MaxBatch)
        {
            int count = Math.Min(MaxBatch, requests.Count - start);
            for (int i = 0; i < count; i++)
            {
                Encode(_commands.AsSpan(i * _commandBytes, _commandBytes), requests[start + i]);
            }

            RoundTrip(count);
            for (int i = 0; i < count; i++)
            {
                results[start + i] = Decode(i, requests[start + i].Op);
            }
        }

        return results;
    }

    private void Enqueue(MapJob job)
    {
        lock (_queue)
        {
            ObjectDisposedException.ThrowIf(_closing, this);
            _queue.Enqueue(job);
            Monitor.Pulse(_queue);
        }
    }

    private void BeginClose()
    {
        lock (_queue)
        {
            _closing = true;
            Monitor.PulseAll(_queue);
        }
    }

    private void WorkerLoop()
    {
        try
        {
            while (Next() is { } job)
            {
                if (!job.TryClaim())
                {
                    continue; // its caller cancelled it before it was sent
                }

                if (job is SingleJob single)
                {
                    ServeSingles(single);
                    continue;
                }

                try
                {
                    job.Run(this);
                }
                catch (Exception e)
                {
                    job.Fail(e);
                }
            }
        }
        finally
        {
            Close();
            _stopped.TrySetResult();
        }
    }

    /// <summary>The next queued job; null once the map is closing and the queue is empty.</summary>
    private MapJob? Next()
    {
        lock (_queue)
        {
            while (_queue.Count == 0 && !_closing)
            {
                Monitor.Wait(_queue);
            }

            return _queue.Count == 0 ? null : _queue.Dequeue();
        }
    }

    /// <summary>
    /// Serves <paramref name="first"/> with every single-key call queued behind it (up to a frame), waiting up to
    /// the coalescing delay for more; a queued batch or set-up job ends the frame, so order is kept.
    /// </summary>
    private void ServeSingles(SingleJob first)
    {
        _frame.Clear();
        _frame.Add(first);
        long deadline = Stopwatch.GetTimestamp() + (long)(_coalescingDelay.TotalSeconds * Stopwatch.Frequency);
        lock (_queue)
        {
            while (_frame.Count < MaxBatch)
            {
                if (_queue.TryPeek(out var next))
                {
                    if (next is not SingleJob single)
                    {
                        break;
                    }

                    _queue.Dequeue();
                    if (single.TryClaim())
                    {
                        _frame.Add(single);
                    }

                    continue;
                }

                var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                if (_closing || remaining <= TimeSpan.Zero)
                {
                    break;
                }

                Monitor.Wait(_queue, remaining);
            }
        }

        try
        {
            for (int i = 0; i < _frame.Count; i++)
            {
                Encode(_commands.AsSpan(i * _commandBytes, _commandBytes), _frame[i].Request);
            }

            RoundTrip(_frame.Count);
            for (int i = 0; i < _frame.Count; i++)
            {
                _frame[i].Completion.TrySetResult(Decode(i, _frame[i].Request.Op));
            }
        }
        catch (Exception e)
        {
            foreach (var job in _frame)
            {
                job.Fail(e);
            }
        }
    }

    /// <summary>
    /// One sealed frame of <paramref name="count"/> encoded commands. A frame left pending by an earlier call is
    /// settled first (its answer dropped: that call was told "unknown"); a session the device no longer knows is
    /// replaced by one that proves it evicted.
    /// </summary>
    private void RoundTrip(int count)
    {
        try
        {
            if (_session is null || _session.IsBroken)
            {
                _session = _session is null ? ChannelSession.Open(_device, _provisioningKey) : ChannelSession.Replace(_session, _provisioningKey);
            }

            if (_session.HasPendingFrame)
            {
                try
                {
                    _session.ResolvePending(_responses);
                }
                catch (ChannelViolationException) when (_session.IsBroken)
                {
                    // Evicted with the earlier batch still pending: its successor proves that batch can never run.
                    _session = ChannelSession.Replace(_session, _provisioningKey);
                }
            }

            _session.Execute(_commands.AsSpan(0, count * _commandBytes), _responses.AsSpan(0, count * _responseBytes));
        }
        catch (ChannelViolationException e) when (e.Fault == ChannelFault.UnknownSession && _session is { IsBroken: true })
        {
            Volatile.Write(ref _countIsExact, false);
            throw new SessionEvictedException(
                $"The device no longer holds channel session {_session.SessionId} (it keeps at most {_device.Parameters.SessionSlots}; "
                + $"a later connect evicts the oldest), or the host claims so. This batch of {count} ran whole or not at all and can never "
                + "run later; read back what matters. The next call opens a new session.");
        }
        catch (ChannelViolationException)
        {
            Volatile.Write(ref _countIsExact, false);
            throw;
        }
        catch (Exception e) when (e is not BoltException and not OperationCanceledException)
        {
            throw new DeviceFailureException($"The device failed while serving a batch of {count}: {e.Message}", e);
        }
    }

    private void Close()
    {
        _session = null;
        CryptographicOperations.ZeroMemory(_provisioningKey);
        if (_ownsDevice)
        {
            _device.Dispose();
        }
    }

    private void Encode(Span<byte> record, in MapRequest request) =>
        CommandLayout.Write(record, request.Op, request.Key.Digest(_prf), request.Op == OpCode.Put ? request.Value.Span : default);

    private MapResult Decode(int index, OpCode op)
    {
        var record = _responses.AsSpan(index * _responseBytes, _responseBytes);
        var status = ResponseLayout.ReadStatus(record);
        bool wasPresent = ResponseLayout.ReadWasPresent(record);
        byte[]? value = null;
        if (op == OpCode.Get && status == DeviceStatus.Ok)
        {
            uint length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(record[ResponseLayout.LengthOffset..]);
            if (length > (uint)MaxValueLength)
            {
                throw new DeviceFailureException($"The device returned a {length}-byte value; the map stores at most {MaxValueLength}.");
            }

            value = ResponseLayout.ReadValue(record).ToArray();
        }
        else if (status == DeviceStatus.Ok && op == OpCode.Put && !wasPresent)
        {
            Interlocked.Increment(ref _count);
        }
        else if (status == DeviceStatus.Ok && op == OpCode.Delete && wasPresent)
        {
            Interlocked.Decrement(ref _count);
        }

        return new MapResult(status, wasPresent, value);
    }
}

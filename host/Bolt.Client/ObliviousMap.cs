using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Core.Device;

namespace Bolt.Client;

/// <summary>
/// An oblivious key-value map on a Bolt device, for code inside the client enclave. Keys are byte strings,
/// strings or integers (<see cref="MapKey"/>), turned into digests by a PRF whose key stays here; values are
/// byte strings from empty up to the map's value size. Every request reaches the device only as a record of
/// fixed size inside an AES-GCM frame of the sealed channel (SPEC §10), so the host relaying it learns neither
/// the op, the key nor the value. The device serves one frame at a time, so calls are serialised; async calls
/// wait their turn without blocking a thread.
/// </summary>
/// <remarks>
/// Errors are typed: <see cref="ValueTooLargeException"/> (nothing sent), <see cref="CapacityExceededException"/>
/// and <see cref="StashOverflowException"/> (insert refused, nothing changed), <see cref="IntegrityViolationException"/>
/// (host memory was tampered with; the access changed nothing), <see cref="ChannelViolationException"/> (no frame
/// delivery got an authentic answer, see below), <see cref="DeviceFailureException"/> (anything else the device did
/// wrong).
/// <para>
/// A frame whose delivery fails is retransmitted, the same bytes on the same session, up to
/// <see cref="ChannelSession.MaxDeliveries"/> times (SPEC §10.5); the device runs it at most once. If none is
/// answered, the call throws <see cref="ChannelViolationException"/>: its outcome is unknown, it ran whole or not
/// at all. The frame stays pending, and the next call first retransmits it until the device answers: the earlier
/// batch then runs (if it had not) before anything newer, and its answer is dropped, since its caller was told
/// "unknown" (a read says what it did). So no request can take effect after a later one, whatever the host holds
/// back. A new session is opened only when the device no longer knows the old one, and then only once the
/// device has provably evicted it (<see cref="ChannelSession.Replace"/>), so its pending frame can never run.
/// </para>
/// </remarks>
public sealed class ObliviousMap : IAsyncDisposable, IDisposable
{
    /// <summary>The most requests sent to the device in one frame; larger batches are split into several frames.</summary>
    public const int MaxBatch = 256;

    private readonly IBoltDevice _device;
    private readonly byte[] _provisioningKey;
    private readonly KeyPrf _prf;
    private readonly bool _ownsDevice;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly byte[] _commands;
    private readonly byte[] _responses;
    private readonly int _commandBytes;
    private readonly int _responseBytes;
    private ChannelSession? _session;
    private bool _disposed;

    private ObliviousMap(IBoltDevice device, ReadOnlySpan<byte> provisioningKey, ReadOnlySpan<byte> prfKey, bool ownsDevice)
    {
        _device = device;
        _provisioningKey = provisioningKey.ToArray();
        _prf = new KeyPrf(prfKey);
        _ownsDevice = ownsDevice;
        _commandBytes = device.Parameters.CommandBytes;
        _responseBytes = device.Parameters.ResponseBytes;
        _commands = new byte[MaxBatch * _commandBytes];
        _responses = new byte[MaxBatch * _responseBytes];
        _session = ChannelSession.Open(device, provisioningKey);
    }

    /// <summary>The map's parameters (what the host is allowed to know about it).</summary>
    public BoltParameters Parameters => _device.Parameters;

    /// <summary>The largest value, in bytes, a put may store.</summary>
    public int MaxValueLength => _device.Parameters.ValueSize;

    /// <summary>The id of the current channel session (a new one follows only an evicted or failed session).</summary>
    public ulong SessionId => _session?.SessionId ?? 0;

    /// <summary>
    /// Opens a sealed session to a device that is already initialised and returns the map.
    /// </summary>
    /// <param name="device">The device, reached through the untrusted host.</param>
    /// <param name="provisioningKey">The device's 16-byte provisioning key, obtained through attestation.</param>
    /// <param name="prfKey">The client's 16-byte PRF key; it never leaves the client.</param>
    /// <param name="ownsDevice">Dispose the device with the map.</param>
    /// <exception cref="ChannelViolationException">The handshake failed: the device does not hold this provisioning key.</exception>
    public static ObliviousMap Connect(IBoltDevice device, ReadOnlySpan<byte> provisioningKey, ReadOnlySpan<byte> prfKey, bool ownsDevice = false)
    {
        ArgumentNullException.ThrowIfNull(device);
        return new ObliviousMap(device, provisioningKey, prfKey, ownsDevice);
    }

    /// <summary>
    /// Opens a sealed session and initialises the device with a bulk load of distinct items (SPEC §7), sent as
    /// one sealed load frame.
    /// </summary>
    /// <param name="device">The device, not yet initialised.</param>
    /// <param name="provisioningKey">The device's 16-byte provisioning key, obtained through attestation.</param>
    /// <param name="prfKey">The client's 16-byte PRF key; it never leaves the client.</param>
    /// <param name="items">Distinct keys and their values; null or empty for an empty map.</param>
    /// <param name="progress">Hears how many items have been encoded.</param>
    /// <param name="ownsDevice">Dispose the device with the map.</param>
    /// <exception cref="ValueTooLargeException">A value exceeds the map's value size; nothing was sent.</exception>
    /// <exception cref="CapacityExceededException">There are more items than the capacity; nothing was sent.</exception>
    /// <exception cref="BulkLoadException">A key repeats (nothing was sent), or the device refused the load.</exception>
    /// <exception cref="ChannelViolationException">The handshake or the load frame was rejected.</exception>
    public static ObliviousMap Create(IBoltDevice device, ReadOnlySpan<byte> provisioningKey, ReadOnlySpan<byte> prfKey,
        IReadOnlyCollection<KeyValuePair<MapKey, ReadOnlyMemory<byte>>>? items = null, IProgress<long>? progress = null, bool ownsDevice = true)
    {
        ArgumentNullException.ThrowIfNull(device);
        var map = new ObliviousMap(device, provisioningKey, prfKey, ownsDevice);
        try
        {
            map.Load(items ?? [], progress);
            return map;
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    /// <summary>The value stored under <paramref name="key"/> (empty for an empty value), or null when the key is absent.</summary>
    /// <exception cref="OperationCanceledException">Cancelled before the request was sent; nothing happened.</exception>
    public async ValueTask<byte[]?> GetAsync(MapKey key, CancellationToken cancellationToken = default) =>
        (await SingleAsync(MapRequest.Get(key), cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>Whether <paramref name="key"/> is in the map. On the wire it is a get: the two look alike.</summary>
    /// <exception cref="OperationCanceledException">Cancelled before the request was sent; nothing happened.</exception>
    public async ValueTask<bool> ContainsAsync(MapKey key, CancellationToken cancellationToken = default) =>
        (await SingleAsync(MapRequest.Contains(key), cancellationToken).ConfigureAwait(false)).WasPresent;

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, inserting or replacing.</summary>
    /// <returns>True when the key was new (an insert), false when an old value was replaced.</returns>
    /// <exception cref="ValueTooLargeException">The value exceeds <see cref="MaxValueLength"/>; nothing was sent.</exception>
    /// <exception cref="CapacityExceededException">The map is full (or its stash overflowed); nothing changed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before the request was sent; nothing happened.</exception>
    public async ValueTask<bool> PutAsync(MapKey key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        !(await SingleAsync(MapRequest.Put(key, value), cancellationToken).ConfigureAwait(false)).WasPresent;

    /// <summary>Removes <paramref name="key"/>.</summary>
    /// <returns>True when the key was present.</returns>
    /// <exception cref="OperationCanceledException">Cancelled before the request was sent; nothing happened.</exception>
    public async ValueTask<bool> DeleteAsync(MapKey key, CancellationToken cancellationToken = default) =>
        (await SingleAsync(MapRequest.Delete(key), cancellationToken).ConfigureAwait(false)).WasPresent;

    /// <summary>
    /// Serves a batch in order (in frames of up to <see cref="MaxBatch"/> requests) and returns one result per
    /// request. Refusals (not found, capacity, stash overflow, integrity) are reported per request as statuses,
    /// not thrown. Cancellation is honoured until the first frame is sent; after that the batch completes.
    /// </summary>
    /// <exception cref="ValueTooLargeException">A put's value exceeds <see cref="MaxValueLength"/>; nothing was sent.</exception>
    /// <exception cref="ChannelViolationException">A frame got no authentic answer; requests in earlier frames were served, its own ran whole or not at all (the next call settles it first).</exception>
    /// <exception cref="DeviceFailureException">The device failed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before the first frame was sent; nothing happened.</exception>
    public async Task<IReadOnlyList<MapResult>> ExecuteAsync(IReadOnlyList<MapRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        for (int i = 0; i < requests.Count; i++)
        {
            CheckValue(requests[i]);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
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
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Waits for the call in flight, then closes the map (and the device, if the map owns it).</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        Close();
    }

    /// <summary>Waits for the call in flight, then closes the map (and the device, if the map owns it).</summary>
    public void Dispose()
    {
        _gate.Wait();
        Close();
    }

    private void Close()
    {
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _session = null;
            CryptographicOperations.ZeroMemory(_provisioningKey);
            if (_ownsDevice)
            {
                _device.Dispose();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask<MapResult> SingleAsync(MapRequest request, CancellationToken cancellationToken)
    {
        CheckValue(request);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        MapResult result;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
            Encode(_commands.AsSpan(0, _commandBytes), request);
            RoundTrip(1);
            result = Decode(0, request.Op);
        }
        finally
        {
            _gate.Release();
        }

        return result.Status is DeviceStatus.Ok or DeviceStatus.NotFound
            ? result
            : throw MapErrors.ToException(result.Status, request.Value.Length, MaxValueLength);
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
        catch (Exception e) when (e is not BoltException and not OperationCanceledException)
        {
            throw new DeviceFailureException($"The device failed while serving a batch of {count}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Streams the load in parts of <see cref="ChannelSession.LoadPartRecords"/> records, so a load of any size
    /// travels in bounded buffers. Every check runs over all items before the first frame is sent: values first,
    /// then repeated keys (digests sorted in native memory, 16 bytes per item), so a refused load sends nothing.
    /// </summary>
    private void Load(IReadOnlyCollection<KeyValuePair<MapKey, ReadOnlyMemory<byte>>> items, IProgress<long>? progress)
    {
        if (items.Count > Parameters.Capacity)
        {
            throw new CapacityExceededException($"The load has {items.Count} items; the map holds at most {Parameters.Capacity}. Nothing was sent.");
        }

        using (var digests = new Bolt.Core.Memory.NativeArray<Digest128>(items.Count))
        {
            int index = 0;
            foreach (var (key, value) in items)
            {
                if (value.Length > MaxValueLength)
                {
                    throw new ValueTooLargeException(value.Length, MaxValueLength);
                }

                digests[index++] = key.Digest(_prf);
            }

            // Duplicates are caught here, so the host never learns that the application's data had any.
            ThrowIfRepeated(digests, items);
        }

        int partRecords = ChannelSession.LoadPartRecords(_commandBytes);
        var part = new byte[(long)Math.Min(partRecords, Math.Max(items.Count, 1)) * _commandBytes];
        int inPart = 0;
        long sent = 0;
        foreach (var (key, value) in items)
        {
            if (inPart == partRecords)
            {
                _session!.Load(part, lastPart: false);
                sent += inPart;
                inPart = 0;
                progress?.Report(sent);
            }

            CommandLayout.Write(part.AsSpan(inPart * _commandBytes, _commandBytes), OpCode.Put, key.Digest(_prf), value.Span);
            inPart++;
        }

        _session!.Load(part.AsSpan(0, inPart * _commandBytes), lastPart: true);
        progress?.Report(sent + inPart);
    }

    private void ThrowIfRepeated(Bolt.Core.Memory.NativeArray<Digest128> digests, IReadOnlyCollection<KeyValuePair<MapKey, ReadOnlyMemory<byte>>> items)
    {
        var sorted = MemoryMarshal.Cast<Digest128, UInt128>(digests.Slice(0, (int)digests.Length));
        sorted.Sort();
        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] != sorted[i - 1])
            {
                continue;
            }

            var repeated = MemoryMarshal.Cast<UInt128, Digest128>(sorted.Slice(i, 1))[0];
            int index = 0;
            bool seen = false;
            foreach (var (key, _) in items)
            {
                if (key.Digest(_prf) == repeated)
                {
                    if (seen)
                    {
                        throw new BulkLoadException(DeviceStatus.InvalidKey, $"Key {key} (item {index}) appears twice in the load. Nothing was sent.");
                    }

                    seen = true;
                }

                index++;
            }
        }
    }

    private void CheckValue(in MapRequest request)
    {
        if (request.Op == OpCode.Put && request.Value.Length > MaxValueLength)
        {
            throw new ValueTooLargeException(request.Value.Length, MaxValueLength);
        }
    }

    private void Encode(Span<byte> record, in MapRequest request) =>
        CommandLayout.Write(record, request.Op, request.Key.Digest(_prf), request.Op == OpCode.Put ? request.Value.Span : default);

    private MapResult Decode(int index, OpCode op)
    {
        var record = _responses.AsSpan(index * _responseBytes, _responseBytes);
        var status = ResponseLayout.ReadStatus(record);
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

        return new MapResult(status, ResponseLayout.ReadWasPresent(record), value);
    }
}

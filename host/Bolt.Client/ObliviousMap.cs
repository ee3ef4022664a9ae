using System.Buffers;
using System.Text;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Device;

namespace Bolt.Client;

/// <summary>
/// An oblivious key-value map on a Bolt device. Keys are byte strings, strings or integers, turned into
/// digests by a PRF whose key stays here; values are byte strings up to the map's value size. The device
/// serves one batch at a time, so calls are serialised; async calls wait their turn without blocking.
/// </summary>
public sealed class ObliviousMap : IDisposable, IAsyncDisposable
{
    /// <summary>The most requests sent to the device in one batch; larger batches are split.</summary>
    public const int MaxBatch = 256;

    private readonly IBoltDevice _device;
    private readonly KeyPrf _prf;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly bool _ownsDevice;
    private bool _disposed;

    /// <summary>Wraps an initialised device.</summary>
    /// <param name="device">The device, already initialised.</param>
    /// <param name="prfKey">The client's 16-byte PRF key; it never leaves the client.</param>
    /// <param name="ownsDevice">Dispose the device with the map.</param>
    public ObliviousMap(IBoltDevice device, ReadOnlySpan<byte> prfKey, bool ownsDevice = true)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        _prf = new KeyPrf(prfKey);
        _ownsDevice = ownsDevice;
    }

    /// <summary>The map's parameters.</summary>
    public BoltParameters Parameters => _device.Parameters;

    /// <summary>The device the map runs on.</summary>
    public IBoltDevice Device => _device;

    /// <summary>
    /// Initialises the device with a bulk load of distinct items (SPEC §7) and returns the map.
    /// </summary>
    public static ObliviousMap Create(IBoltDevice device, ReadOnlySpan<byte> prfKey, IEnumerable<KeyValuePair<byte[], byte[]>>? items = null, bool ownsDevice = true)
    {
        ArgumentNullException.ThrowIfNull(device);
        var map = new ObliviousMap(device, prfKey, ownsDevice);
        var list = items?.ToList() ?? [];
        int stride = device.Parameters.CommandBytes;
        var records = new byte[list.Count * stride];
        for (int i = 0; i < list.Count; i++)
        {
            map.Encode(records.AsSpan(i * stride, stride), MapRequest.Put(list[i].Key, list[i].Value));
        }

        device.Initialise(records);
        return map;
    }

    /// <summary>The value stored under <paramref name="key"/>, or null.</summary>
    public byte[]? Get(ReadOnlySpan<byte> key) => Single(MapRequest.Get(key.ToArray())).Value;

    /// <summary>The value stored under a string key, or null.</summary>
    public byte[]? Get(string key) => Get(Encoding.UTF8.GetBytes(key));

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>; returns true if the key was new.</summary>
    /// <exception cref="ValueTooLargeException">The value exceeds the map's value size.</exception>
    /// <exception cref="CapacityExceededException">The map is full (or its stash overflowed).</exception>
    public bool Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => !Single(MapRequest.Put(key.ToArray(), value.ToArray())).WasPresent;

    /// <summary>Stores a value under a string key; returns true if the key was new.</summary>
    public bool Put(string key, ReadOnlySpan<byte> value) => Put(Encoding.UTF8.GetBytes(key), value);

    /// <summary>Removes <paramref name="key"/>; returns true if it was present.</summary>
    public bool Delete(ReadOnlySpan<byte> key) => Single(MapRequest.Delete(key.ToArray())).WasPresent;

    /// <summary>Removes a string key; returns true if it was present.</summary>
    public bool Delete(string key) => Delete(Encoding.UTF8.GetBytes(key));

    /// <summary>Asynchronous <see cref="Get(ReadOnlySpan{byte})"/>.</summary>
    public async ValueTask<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default) =>
        (await SingleAsync(MapRequest.Get(key), cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>Asynchronous <see cref="Put(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>.</summary>
    public async ValueTask<bool> PutAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        !(await SingleAsync(MapRequest.Put(key, value), cancellationToken).ConfigureAwait(false)).WasPresent;

    /// <summary>Asynchronous <see cref="Delete(ReadOnlySpan{byte})"/>.</summary>
    public async ValueTask<bool> DeleteAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default) =>
        (await SingleAsync(MapRequest.Delete(key), cancellationToken).ConfigureAwait(false)).WasPresent;

    /// <summary>
    /// Serves a batch in order and returns one result per request. Failures are reported per request
    /// (statuses), not thrown, except for bad arguments.
    /// </summary>
    public IReadOnlyList<MapResult> Execute(IReadOnlyList<MapRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        _gate.Wait();
        try
        {
            return ExecuteLocked(requests);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Asynchronous <see cref="Execute"/>.</summary>
    public async Task<IReadOnlyList<MapResult>> ExecuteAsync(IReadOnlyList<MapRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return ExecuteLocked(requests);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_ownsDevice)
        {
            _device.Dispose();
        }

        _gate.Dispose();
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private MapResult Single(MapRequest request) => Check(request, Execute([request])[0]);

    private async ValueTask<MapResult> SingleAsync(MapRequest request, CancellationToken cancellationToken) =>
        Check(request, (await ExecuteAsync([request], cancellationToken).ConfigureAwait(false))[0]);

    private MapResult Check(MapRequest request, MapResult result) => result.Status switch
    {
        DeviceStatus.Ok or DeviceStatus.NotFound => result,
        _ => throw MapErrors.ToException(result.Status, request.Value.Length, Parameters.ValueSize),
    };

    private List<MapResult> ExecuteLocked(IReadOnlyList<MapRequest> requests)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var request in requests)
        {
            if (request.Op == OpCode.Put && request.Value.Length > Parameters.ValueSize)
            {
                throw new ValueTooLargeException(request.Value.Length, Parameters.ValueSize);
            }
        }

        var results = new List<MapResult>(requests.Count);
        int commandBytes = Parameters.CommandBytes;
        int responseBytes = Parameters.ResponseBytes;
        var commands = ArrayPool<byte>.Shared.Rent(MaxBatch * commandBytes);
        var responses = ArrayPool<byte>.Shared.Rent(MaxBatch * responseBytes);
        try
        {
            for (int start = 0; start < requests.Count; start += MaxBatch)
            {
                int count = Math.Min(MaxBatch, requests.Count - start);
                for (int i = 0; i < count; i++)
                {
                    Encode(commands.AsSpan(i * commandBytes, commandBytes), requests[start + i]);
                }

                _device.Execute(commands.AsSpan(0, count * commandBytes), responses.AsSpan(0, count * responseBytes));
                for (int i = 0; i < count; i++)
                {
                    results.Add(Decode(responses.AsSpan(i * responseBytes, responseBytes), requests[start + i].Op));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(commands);
            ArrayPool<byte>.Shared.Return(responses);
        }

        return results;
    }

    private void Encode(Span<byte> record, MapRequest request)
    {
        if (request.Value.Length > Parameters.ValueSize)
        {
            throw new ValueTooLargeException(request.Value.Length, Parameters.ValueSize);
        }

        CommandLayout.Write(record, request.Op, _prf.Digest(request.Key.Span), request.Op == OpCode.Put ? request.Value.Span : default);
    }

    private static MapResult Decode(ReadOnlySpan<byte> record, OpCode op)
    {
        var status = ResponseLayout.ReadStatus(record);
        byte[]? value = op == OpCode.Get && status == DeviceStatus.Ok ? ResponseLayout.ReadValue(record).ToArray() : null;
        return new MapResult(status, ResponseLayout.ReadWasPresent(record), value);
    }
}

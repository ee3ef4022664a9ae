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
/// the op, the key nor the value.
/// <para>
/// The device is driven by the map's own worker thread: async calls queue their request and return at once, and
/// single-key calls that queue while the device is busy (or within <see cref="ObliviousMapOptions.CoalescingDelay"/>)
/// share one frame, so many concurrent small callers cost few round trips. Requests run in the order they were queued.
/// Most users create a map through <c>BoltMap.CreateAsync</c> (package Bolt.Maps), which also builds the device.
/// </para>
/// </summary>
/// <remarks>
/// Errors are typed, all under <see cref="BoltException"/> in namespace <c>Bolt.Core</c>: <see cref="ValueTooLargeException"/>
/// and <see cref="InvalidRequestException"/> (nothing sent), <see cref="CapacityExceededException"/> and
/// <see cref="StashOverflowException"/> (insert refused, nothing changed), <see cref="IntegrityViolationException"/>
/// (host memory was tampered with; the access changed nothing), <see cref="SessionEvictedException"/> and
/// <see cref="ChannelViolationException"/> (no frame delivery got an authentic answer, see below),
/// <see cref="DeviceStateException"/> (the device holds no map, or already holds one), <see cref="DeviceFailureException"/>
/// (anything else the device did wrong).
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
/// <para>
/// A device holds at most <see cref="BoltParameters.SessionSlots"/> (512 by default) sessions at once: each connect
/// beyond that evicts the oldest client's session, whose next call throws <see cref="SessionEvictedException"/>
/// (outcome unknown, as above) and then reconnects by itself. Keep at most that many maps connected to one device.
/// </para>
/// </remarks>
public sealed partial class ObliviousMap : IAsyncDisposable, IDisposable
{
    /// <summary>The most requests sent to the device in one frame; larger batches are split into several frames.</summary>
    public const int MaxBatch = 256;

    private readonly IBoltDevice _device;
    private readonly byte[] _provisioningKey;
    private readonly KeyPrf _prf;
    private readonly bool _ownsDevice;
    private readonly byte[] _commands;
    private readonly byte[] _responses;
    private readonly int _commandBytes;
    private readonly int _responseBytes;
    private ChannelSession? _session;
    private long _count;
    private bool _countIsExact;

    private ObliviousMap(IBoltDevice device, ReadOnlySpan<byte> provisioningKey, ReadOnlySpan<byte> prfKey, bool ownsDevice, ObliviousMapOptions? options)
    {
        options ??= new ObliviousMapOptions();
        options.Validate();
        if (provisioningKey.Length != ChannelKdf.KeyBytes)
        {
            throw new BoltConfigurationException(nameof(provisioningKey), $"The provisioning key must be {ChannelKdf.KeyBytes} bytes; got {provisioningKey.Length}.");
        }

        if (prfKey.Length != 16)
        {
            throw new BoltConfigurationException(nameof(prfKey), $"The PRF key must be 16 bytes; got {prfKey.Length}.");
        }

        var parameters = device.Parameters ?? throw new BoltConfigurationException("Parameters", $"The device {device.Name} has no parameters.");
        _device = device;
        _provisioningKey = provisioningKey.ToArray();
        _prf = new KeyPrf(prfKey);
        _ownsDevice = ownsDevice;
        _commandBytes = parameters.CommandBytes;
        _responseBytes = parameters.ResponseBytes;
        _commands = new byte[MaxBatch * _commandBytes];
        _responses = new byte[MaxBatch * _responseBytes];
        _coalescingDelay = options.CoalescingDelay;
        _worker = new Thread(WorkerLoop) { IsBackground = true, Name = $"bolt-device {device.Name}" };
        _worker.Start();
    }

    /// <summary>The map's parameters (what the host is allowed to know about it).</summary>
    public BoltParameters Parameters => _device.Parameters;

    /// <summary>The largest value, in bytes, a put may store.</summary>
    public int MaxValueLength => _device.Parameters.ValueSize;

    /// <summary>The id of the current channel session (a new one follows only an evicted or failed session).</summary>
    public ulong SessionId => _session?.SessionId ?? 0;

    /// <summary>
    /// The number of keys in the map, counted by this client: the load, then every insert and delete the device
    /// confirmed. Exact (<see cref="CountIsExact"/>) for a map this client created and alone writes to.
    /// </summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>
    /// False when <see cref="Count"/> may be off: the map was connected to rather than created here (others' keys
    /// are not counted), or a batch's outcome was lost (<see cref="ChannelViolationException"/>).
    /// </summary>
    public bool CountIsExact => Volatile.Read(ref _countIsExact);

    /// <summary>
    /// Opens a sealed session to a device that already holds a map, checks that it does (one probe get of a
    /// random key, which the host cannot tell from any other op), and returns the map.
    /// </summary>
    /// <param name="device">The device, reached through the untrusted host.</param>
    /// <param name="provisioningKey">The device's 16-byte provisioning key, obtained through attestation.</param>
    /// <param name="prfKey">The client's 16-byte PRF key; it never leaves the client.</param>
    /// <param name="ownsDevice">Dispose the device with the map (also when the connect fails).</param>
    /// <param name="options">Batching options; null for the defaults.</param>
    /// <exception cref="ChannelViolationException">The handshake failed: the device does not hold this provisioning key.</exception>
    /// <exception cref="DeviceStateException">The device holds no map yet: create one instead.</exception>
    public static ObliviousMap Connect(IBoltDevice device, ReadOnlySpan<byte> provisioningKey, ReadOnlySpan<byte> prfKey, bool ownsDevice = false,
        ObliviousMapOptions? options = null) =>
        Start(device, provisioningKey, prfKey, ownsDevice, options, static map => map.OpenAndProbe(), CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="Connect"/>
    /// <param name="device">The device, reached through the untrusted host.</param>
    /// <param name="provisioningKey">The device's 16-byte provisioning key, obtained through attestation.</param>
    /// <param name="prfKey">The client's 16-byte PRF key; it never leaves the client.</param>
    /// <param name="ownsDevice">Dispose the device with the map (also when the connect fails).</param>
    /// <param name="options">Batching options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the connect before the handshake starts.</param>
    public static Task<ObliviousMap> ConnectAsync(IBoltDevice device, ReadOnlyMemory<byte> provisioningKey, ReadOnlyMemory<byte> prfKey, bool ownsDevice = false,
        ObliviousMapOptions? options = null, CancellationToken cancellationToken = default) =>
        Start(device, provisioningKey.Span, prfKey.Span, ownsDevice, options, static map => map.OpenAndProbe(), cancellationToken);

    /// <summary>
    /// Opens a sealed session and initialises the device with a bulk load of distinct items (SPEC §7), sent as
    /// one sealed load frame.
    /// </summary>
    /// <param name="device">The device, not yet initialised.</param>
    /// <param name="provisioningKey">The device's 16-byte provisioning key, obtained through attestation.</param>
    /// <param name="prfKey">The client's 16-byte PRF key; it never leaves the client.</param>
    /// <param name="items">Distinct keys and their values; null or empty for an empty map.</param>
    /// <param name="progress">Hears how many items have been encoded.</param>
    /// <param name="ownsDevice">Dispose the device with the map (also when the create fails).</param>
    /// <param name="options">Batching options; null for the defaults.</param>
    /// <exception cref="ValueTooLargeException">A value exceeds the map's value size; nothing was sent.</exception>
    /// <exception cref="CapacityExceededException">There are more items than the capacity; nothing was sent.</exception>
    /// <exception cref="BulkLoadException">A key repeats (nothing was sent), or the device refused the load.</exception>
    /// <exception cref="DeviceStateException">The device already holds a map: connect to it instead.</exception>
    /// <exception cref="ChannelViolationException">The handshake or the load frame was rejected.</exception>
    public static ObliviousMap Create(IBoltDevice device, ReadOnlySpan<byte> provisioningKey, ReadOnlySpan<byte> prfKey,
        IReadOnlyCollection<KeyValuePair<MapKey, ReadOnlyMemory<byte>>>? items = null, IProgress<long>? progress = null, bool ownsDevice = true,
        ObliviousMapOptions? options = null)
    {
        var load = items ?? [];
        return Start(device, provisioningKey, prfKey, ownsDevice, options, map => map.OpenAndLoad(load, load.Count, progress, CancellationToken.None), CancellationToken.None)
            .GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="Create(IBoltDevice, ReadOnlySpan{byte}, ReadOnlySpan{byte}, IReadOnlyCollection{KeyValuePair{MapKey, ReadOnlyMemory{byte}}}?, IProgress{long}?, bool, ObliviousMapOptions?)"/>
    /// <param name="device">The device, not yet initialised.</param>
    /// <param name="provisioningKey">The device's 16-byte provisioning key, obtained through attestation.</param>
    /// <param name="prfKey">The client's 16-byte PRF key; it never leaves the client.</param>
    /// <param name="items">Distinct string keys and their values.</param>
    /// <param name="progress">Hears how many items have been encoded.</param>
    /// <param name="ownsDevice">Dispose the device with the map (also when the create fails).</param>
    /// <param name="options">Batching options; null for the defaults.</param>
    public static ObliviousMap Create(IBoltDevice device, ReadOnlySpan<byte> provisioningKey, ReadOnlySpan<byte> prfKey,
        IDictionary<string, byte[]> items, IProgress<long>? progress = null, bool ownsDevice = true, ObliviousMapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Start(device, provisioningKey, prfKey, ownsDevice, options, map => map.OpenAndLoad(AsItems(items), items.Count, progress, CancellationToken.None), CancellationToken.None)
            .GetAwaiter().GetResult();
    }

    /// <summary>
    /// <see cref="Create(IBoltDevice, ReadOnlySpan{byte}, ReadOnlySpan{byte}, IReadOnlyCollection{KeyValuePair{MapKey, ReadOnlyMemory{byte}}}?, IProgress{long}?, bool, ObliviousMapOptions?)"/>
    /// without blocking: the handshake, the encoding (reported to <paramref name="progress"/>) and the load run on
    /// the map's device worker. Cancellation is honoured until the load frame is sent; nothing reaches the device
    /// before that but the handshake.
    /// </summary>
    /// <param name="device">The device, not yet initialised.</param>
    /// <param name="provisioningKey">The device's 16-byte provisioning key, obtained through attestation.</param>
    /// <param name="prfKey">The client's 16-byte PRF key; it never leaves the client.</param>
    /// <param name="items">Distinct keys and their values.</param>
    /// <param name="progress">Hears how many items have been encoded.</param>
    /// <param name="ownsDevice">Dispose the device with the map (also when the create fails or is cancelled).</param>
    /// <param name="options">Batching options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the create until the load frame is sent.</param>
    public static Task<ObliviousMap> CreateAsync(IBoltDevice device, ReadOnlyMemory<byte> provisioningKey, ReadOnlyMemory<byte> prfKey,
        IReadOnlyCollection<KeyValuePair<MapKey, ReadOnlyMemory<byte>>> items, IProgress<long>? progress = null, bool ownsDevice = true,
        ObliviousMapOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Start(device, provisioningKey.Span, prfKey.Span, ownsDevice, options, map => map.OpenAndLoad(items, items.Count, progress, cancellationToken), cancellationToken);
    }

    /// <inheritdoc cref="CreateAsync(IBoltDevice, ReadOnlyMemory{byte}, ReadOnlyMemory{byte}, IReadOnlyCollection{KeyValuePair{MapKey, ReadOnlyMemory{byte}}}, IProgress{long}?, bool, ObliviousMapOptions?, CancellationToken)"/>
    /// <param name="device">The device, not yet initialised.</param>
    /// <param name="provisioningKey">The device's 16-byte provisioning key, obtained through attestation.</param>
    /// <param name="prfKey">The client's 16-byte PRF key; it never leaves the client.</param>
    /// <param name="items">Distinct string keys and their values.</param>
    /// <param name="progress">Hears how many items have been encoded.</param>
    /// <param name="ownsDevice">Dispose the device with the map (also when the create fails or is cancelled).</param>
    /// <param name="options">Batching options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the create until the load frame is sent.</param>
    public static Task<ObliviousMap> CreateAsync(IBoltDevice device, ReadOnlyMemory<byte> provisioningKey, ReadOnlyMemory<byte> prfKey,
        IDictionary<string, byte[]> items, IProgress<long>? progress = null, bool ownsDevice = true,
        ObliviousMapOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Start(device, provisioningKey.Span, prfKey.Span, ownsDevice, options, map => map.OpenAndLoad(AsItems(items), items.Count, progress, cancellationToken), cancellationToken);
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
    /// <exception cref="InvalidRequestException">A request has no valid op (e.g. a default <see cref="MapRequest"/>); nothing was sent.</exception>
    /// <exception cref="ChannelViolationException">A frame got no authentic answer; requests in earlier frames were served, its own ran whole or not at all (the next call settles it first).</exception>
    /// <exception cref="DeviceFailureException">The device failed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before the first frame was sent; nothing happened.</exception>
    public async Task<IReadOnlyList<MapResult>> ExecuteAsync(IReadOnlyList<MapRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        for (int i = 0; i < requests.Count; i++)
        {
            CheckRequest(requests[i]);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (requests.Count == 0)
        {
            return [];
        }

        var job = new BatchJob(requests, cancellationToken);
        Enqueue(job);
        return await job.Completion.Task.ConfigureAwait(false);
    }

    private static Task<ObliviousMap> Start(IBoltDevice device, ReadOnlySpan<byte> provisioningKey, ReadOnlySpan<byte> prfKey, bool ownsDevice,
        ObliviousMapOptions? options, Action<ObliviousMap> setUp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        ObliviousMap map;
        try
        {
            map = new ObliviousMap(device, provisioningKey, prfKey, ownsDevice, options);
        }
        catch when (ownsDevice)
        {
            device.Dispose();
            throw;
        }

        return map.SetUpAsync(setUp, cancellationToken);
    }

    private async Task<ObliviousMap> SetUpAsync(Action<ObliviousMap> setUp, CancellationToken cancellationToken)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var job = new ActionJob(setUp, cancellationToken);
            Enqueue(job);
            await job.Completion.Task.ConfigureAwait(false);
            return this;
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask<MapResult> SingleAsync(MapRequest request, CancellationToken cancellationToken)
    {
        CheckRequest(request);
        cancellationToken.ThrowIfCancellationRequested();
        var job = new SingleJob(request, cancellationToken);
        Enqueue(job);
        var result = await job.Completion.Task.ConfigureAwait(false);
        return result.Status is DeviceStatus.Ok or DeviceStatus.NotFound
            ? result
            : throw MapErrors.ToException(result.Status, request.Value.Length, MaxValueLength);
    }

    private void OpenAndProbe()
    {
        _session = ChannelSession.Open(_device, _provisioningKey);

        // A device with no map would fail only the first real op; a get of a random key finds out now.
        Span<byte> key = stackalloc byte[16];
        RandomNumberGenerator.Fill(key);
        Encode(_commands.AsSpan(0, _commandBytes), MapRequest.Get(MapKey.FromBytes(key.ToArray())));
        RoundTrip(1);
    }

    /// <summary>
    /// Checks every item, then streams the load in parts of <see cref="ChannelSession.LoadPartRecords"/> records, so
    /// a load of any size travels in bounded buffers. Every check runs over all items before anything but the
    /// handshake reaches the device: values first, then repeated keys (digests sorted in native memory, 16 bytes per
    /// item, so the host never learns that the application's data had any), so a refused load sends nothing.
    /// </summary>
    private void OpenAndLoad(IEnumerable<KeyValuePair<MapKey, ReadOnlyMemory<byte>>> items, int count, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (count > Parameters.Capacity)
        {
            throw new CapacityExceededException($"The load has {count} items; the map holds at most {Parameters.Capacity}. Nothing was sent.");
        }

        int index = 0;
        using (var digests = new Bolt.Core.Memory.NativeArray<Digest128>(count))
        {
            foreach (var (key, value) in items)
            {
                if (value.Length > MaxValueLength)
                {
                    throw new ValueTooLargeException(value.Length, MaxValueLength);
                }

                if (index == count)
                {
                    throw new ArgumentException($"The items number more than the {count} announced.", nameof(items));
                }

                digests[index++] = key.Digest(_prf);
                if ((index & 0xFFFF) == 0)
                {
                    progress?.Report(index);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            ThrowIfRepeated(digests.Slice(0, index), items);
        }

        progress?.Report(index);

        cancellationToken.ThrowIfCancellationRequested();
        _session = ChannelSession.Open(_device, _provisioningKey);
        int partRecords = ChannelSession.LoadPartRecords(_commandBytes);
        var part = new byte[(long)Math.Min(partRecords, Math.Max(index, 1)) * _commandBytes];
        int inPart = 0;
        try
        {
            foreach (var (key, value) in items)
            {
                if (inPart == partRecords)
                {
                    _session.Load(part, lastPart: false);
                    inPart = 0;
                }

                CommandLayout.Write(part.AsSpan(inPart * _commandBytes, _commandBytes), OpCode.Put, key.Digest(_prf), value.Span);
                inPart++;
            }

            _session.Load(part.AsSpan(0, inPart * _commandBytes), lastPart: true);
        }
        catch (Exception e) when (e is not BoltException)
        {
            throw new DeviceFailureException($"The device failed during the bulk load of {index} items: {e.Message}", e);
        }

        Volatile.Write(ref _count, index);
        Volatile.Write(ref _countIsExact, true);
    }

    /// <summary>Throws for the first key that appears twice, naming it and its second position.</summary>
    private void ThrowIfRepeated(Span<Digest128> digests, IEnumerable<KeyValuePair<MapKey, ReadOnlyMemory<byte>>> items)
    {
        var sorted = MemoryMarshal.Cast<Digest128, UInt128>(digests);
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

    private static IEnumerable<KeyValuePair<MapKey, ReadOnlyMemory<byte>>> AsItems(IDictionary<string, byte[]> items) =>
        items.Select(item => new KeyValuePair<MapKey, ReadOnlyMemory<byte>>(item.Key, item.Value));

    private void CheckRequest(in MapRequest request)
    {
        if (request.Op is not (OpCode.Get or OpCode.Put or OpCode.Delete))
        {
            throw new InvalidRequestException(
                $"A request with op {(uint)request.Op} is not a get, put or delete (a default MapRequest?); build requests with MapRequest.Get, Put, Contains or Delete. Nothing was sent.");
        }

        if (request.Op == OpCode.Put && request.Value.Length > MaxValueLength)
        {
            throw new ValueTooLargeException(request.Value.Length, MaxValueLength);
        }
    }
}

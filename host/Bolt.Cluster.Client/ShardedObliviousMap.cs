using Bolt.Client;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Core.Device;
using Orleans;

namespace Bolt.Cluster.Client;

/// <summary>
/// One oblivious map over many Bolt devices (shards), with <see cref="ObliviousMap"/>'s API. The client holds the keys
/// and the trusted load balancer: requests are collected into epochs, each key's requests of an epoch are answered from
/// one device access, keys go to shards by a keyed PRF, and every shard receives a sealed batch of exactly the same
/// public size B(R, S, λ) every epoch (<see cref="SnoopyBound"/>), real accesses padded with dummies — so the hosts
/// learn nothing from which shards are busy. Shards are reached through Orleans shard grains (<see cref="ConnectAsync"/>,
/// <see cref="CreateAsync(IClusterClient, IReadOnlyList{ReadOnlyMemory{byte}}, ReadOnlyMemory{byte}, IReadOnlyCollection{KeyValuePair{MapKey, ReadOnlyMemory{byte}}}?, ShardedMapOptions?, CancellationToken)"/>)
/// or directly (<see cref="CreateOver"/>).
/// </summary>
/// <remarks>
/// Every call completes when its epoch has been answered, so calls in one epoch are concurrent; a key's writes of an
/// epoch take effect in arrival order and its reads see the epoch's last write. A batch (<see cref="ExecuteAsync"/>)
/// keeps its order: it is split before each key it repeats, and each part waits for the one before.
/// <para>
/// Errors are those of <see cref="ObliviousMap"/>, per shard: if a shard's batch gets no authentic answer (its silo is
/// down, a delivery failed four times), that epoch's requests on that shard fail with <see cref="DeviceConnectionException"/>
/// or <see cref="ChannelViolationException"/> (outcome unknown: ran whole or not at all; the frame is retransmitted before
/// the shard's next batch), a device that lost its session gives <see cref="SessionEvictedException"/>, a device with no
/// map <see cref="DeviceStateException"/>; other shards' requests are answered. Refusals of single calls throw as on
/// <see cref="ObliviousMap"/> (<see cref="CapacityExceededException"/>, ...).
/// </para>
/// <para>
/// What the hosts learn: the number of requests per epoch (through B) and when epochs run — the same as an unsharded
/// map's op count and timing. The bulk load of <see cref="CreateAsync(IClusterClient, IReadOnlyList{ReadOnlyMemory{byte}}, ReadOnlyMemory{byte}, IReadOnlyCollection{KeyValuePair{MapKey, ReadOnlyMemory{byte}}}?, ShardedMapOptions?, CancellationToken)"/>
/// additionally shows how many items each shard got: a multinomial split that, under the secret shard key, is the same
/// for any set of keys of that size.
/// </para>
/// </remarks>
public sealed class ShardedObliviousMap : IAsyncDisposable, IDisposable
{
    private readonly ObliviousLoadBalancer _balancer;
    private readonly KeyPrf _prf;
    private long _count;
    private bool _countIsExact;

    private ShardedObliviousMap(ObliviousLoadBalancer balancer, KeyPrf prf, BoltParameters parameters, int shards)
    {
        _balancer = balancer;
        _prf = prf;
        Parameters = parameters;
        Shards = shards;
        _balancer.CountChanged += delta => Interlocked.Add(ref _count, delta);
    }

    /// <summary>Each shard's parameters (all shards have the same).</summary>
    public BoltParameters Parameters { get; }

    /// <summary>The number of shards.</summary>
    public int Shards { get; }

    /// <summary>The largest value, in bytes, a put may store.</summary>
    public int MaxValueLength => Parameters.ValueSize;

    /// <summary>Keys in the map as counted by this client (exact when <see cref="CountIsExact"/>).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>True for a map this client created and alone writes, while no epoch's outcome was lost.</summary>
    public bool CountIsExact => Volatile.Read(ref _countIsExact);

    /// <summary>What the load balancer has done so far.</summary>
    public BalancerStatistics Statistics => _balancer.Statistics;

    /// <summary>Observes every epoch's plan after it was answered (tests and the leakage suite).</summary>
    internal Action<EpochPlan>? EpochObserver
    {
        get => _balancer.EpochObserver;
        set => _balancer.EpochObserver = value;
    }

    /// <summary>
    /// Connects to S shards that already hold a map, through the cluster's gateway: shard k is grain k, for k in 0..S−1,
    /// with <paramref name="provisioningKeys"/>[k] its device's provisioning key. Each shard is probed with one padded epoch.
    /// </summary>
    /// <exception cref="DeviceConnectionException">A shard did not answer within 30 s.</exception>
    /// <exception cref="DeviceStateException">A shard holds no map yet.</exception>
    /// <exception cref="BoltConfigurationException">The shards' parameters differ, or a key has the wrong length.</exception>
    public static async Task<ShardedObliviousMap> ConnectAsync(IClusterClient cluster, IReadOnlyList<ReadOnlyMemory<byte>> provisioningKeys, ReadOnlyMemory<byte> prfKey,
        ShardedMapOptions? options = null, CancellationToken cancellationToken = default)
    {
        var devices = await ConnectShardsAsync(cluster, provisioningKeys, cancellationToken).ConfigureAwait(false);
        var map = Build(devices, provisioningKeys, prfKey, options, ownsDevices: true);
        try
        {
            map._balancer.Start();
            await map.ProbeAsync().ConfigureAwait(false);
            return map;
        }
        catch
        {
            await map.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates the map on S fresh shards through the cluster's gateway, loading <paramref name="items"/> (split by the shard PRF).</summary>
    /// <exception cref="DeviceConnectionException">A shard did not answer within 30 s.</exception>
    /// <exception cref="DeviceStateException">A shard already holds a map.</exception>
    /// <exception cref="ValueTooLargeException">A value is too long; nothing was sent.</exception>
    /// <exception cref="BulkLoadException">A key repeats, or a device refused its part.</exception>
    public static async Task<ShardedObliviousMap> CreateAsync(IClusterClient cluster, IReadOnlyList<ReadOnlyMemory<byte>> provisioningKeys, ReadOnlyMemory<byte> prfKey,
        IReadOnlyCollection<KeyValuePair<MapKey, ReadOnlyMemory<byte>>>? items = null, ShardedMapOptions? options = null, CancellationToken cancellationToken = default)
    {
        var devices = await ConnectShardsAsync(cluster, provisioningKeys, cancellationToken).ConfigureAwait(false);
        return await CreateOverAsync(devices, provisioningKeys, prfKey, items, options, ownsDevices: true).ConfigureAwait(false);
    }

    /// <inheritdoc cref="CreateAsync(IClusterClient, IReadOnlyList{ReadOnlyMemory{byte}}, ReadOnlyMemory{byte}, IReadOnlyCollection{KeyValuePair{MapKey, ReadOnlyMemory{byte}}}?, ShardedMapOptions?, CancellationToken)"/>
    /// <param name="cluster">The Orleans client connected to the cluster's gateways.</param>
    /// <param name="provisioningKeys">Shard k's device provisioning key at index k.</param>
    /// <param name="prfKey">The client's 16-byte PRF key; the shard key derives from it.</param>
    /// <param name="items">Distinct string keys and their values.</param>
    /// <param name="options">Epoch options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the wait for the shards.</param>
    public static Task<ShardedObliviousMap> CreateAsync(IClusterClient cluster, IReadOnlyList<ReadOnlyMemory<byte>> provisioningKeys, ReadOnlyMemory<byte> prfKey,
        IDictionary<string, byte[]> items, ShardedMapOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        return CreateAsync(cluster, provisioningKeys, prfKey, [.. items.Select(kv => new KeyValuePair<MapKey, ReadOnlyMemory<byte>>(kv.Key, kv.Value))], options, cancellationToken);
    }

    /// <summary>Creates the map over devices reached directly (in-process shards, daemons), loading <paramref name="items"/>.</summary>
    public static ShardedObliviousMap CreateOver(IReadOnlyList<IBoltDevice> devices, IReadOnlyList<ReadOnlyMemory<byte>> provisioningKeys, ReadOnlyMemory<byte> prfKey,
        IReadOnlyCollection<KeyValuePair<MapKey, ReadOnlyMemory<byte>>>? items = null, ShardedMapOptions? options = null, bool ownsDevices = false) =>
        CreateOverAsync(devices, provisioningKeys, prfKey, items, options, ownsDevices).GetAwaiter().GetResult();

    /// <summary>The value stored under <paramref name="key"/>, or null when absent.</summary>
    public async ValueTask<byte[]?> GetAsync(MapKey key, CancellationToken cancellationToken = default) =>
        (await SingleAsync(MapRequest.Get(key), cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>Whether <paramref name="key"/> is in the map (a get on the wire).</summary>
    public async ValueTask<bool> ContainsAsync(MapKey key, CancellationToken cancellationToken = default) =>
        (await SingleAsync(MapRequest.Contains(key), cancellationToken).ConfigureAwait(false)).WasPresent;

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>; true when the key was new.</summary>
    public async ValueTask<bool> PutAsync(MapKey key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        !(await SingleAsync(MapRequest.Put(key, value), cancellationToken).ConfigureAwait(false)).WasPresent;

    /// <summary>Removes <paramref name="key"/>; true when it was present.</summary>
    public async ValueTask<bool> DeleteAsync(MapKey key, CancellationToken cancellationToken = default) =>
        (await SingleAsync(MapRequest.Delete(key), cancellationToken).ConfigureAwait(false)).WasPresent;

    /// <summary>
    /// Serves a batch in order and returns one result per request; refusals are statuses, as on <see cref="ObliviousMap.ExecuteAsync"/>.
    /// The batch is split before each key it repeats; each part goes to an epoch once the part before it was answered.
    /// </summary>
    /// <exception cref="ValueTooLargeException">A put's value is too long; nothing was sent.</exception>
    /// <exception cref="InvalidRequestException">A request has no valid op; nothing was sent.</exception>
    public async Task<IReadOnlyList<MapResult>> ExecuteAsync(IReadOnlyList<MapRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var encoded = new ShardedRequest[requests.Count];
        for (int i = 0; i < requests.Count; i++)
        {
            encoded[i] = Encode(requests[i]);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var results = new MapResult[requests.Count];
        var seen = new HashSet<Digest128>();
        int start = 0;
        for (int i = 0; i <= encoded.Length; i++)
        {
            if (i < encoded.Length && seen.Add(encoded[i].Digest))
            {
                continue;
            }

            var part = encoded[start..i];
            _balancer.Enqueue(part);
            for (int j = 0; j < part.Length; j++)
            {
                results[start + j] = await AwaitAnswer(part[j]).ConfigureAwait(false);
            }

            seen.Clear();
            if (i < encoded.Length)
            {
                seen.Add(encoded[i].Digest);
            }

            start = i;
        }

        return results;
    }

    /// <summary>Runs one epoch now, for maps whose <see cref="ShardedMapOptions.EpochLength"/> is infinite.</summary>
    internal Task RunEpochAsync() => _balancer.RunEpochAsync();

    /// <summary>Answers the calls already queued, then closes the map (and its shard devices, if it owns them).</summary>
    public async ValueTask DisposeAsync()
    {
        await _balancer.StopAsync().ConfigureAwait(false);
        _balancer.Dispose();
    }

    /// <summary>Answers the calls already queued, then closes the map.</summary>
    public void Dispose() => _balancer.Dispose();

    private static async Task<IBoltDevice[]> ConnectShardsAsync(IClusterClient cluster, IReadOnlyList<ReadOnlyMemory<byte>> provisioningKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(provisioningKeys);
        var connects = Enumerable.Range(0, provisioningKeys.Count)
            .Select(s => GrainShardDevice.ConnectAsync(cluster, s, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), cancellationToken));
        return await Task.WhenAll(connects).ConfigureAwait(false);
    }

    private static async Task<ShardedObliviousMap> CreateOverAsync(IReadOnlyList<IBoltDevice> devices, IReadOnlyList<ReadOnlyMemory<byte>> provisioningKeys,
        ReadOnlyMemory<byte> prfKey, IReadOnlyCollection<KeyValuePair<MapKey, ReadOnlyMemory<byte>>>? items, ShardedMapOptions? options, bool ownsDevices)
    {
        var map = Build(devices, provisioningKeys, prfKey, options, ownsDevices);
        try
        {
            await Task.Run(() => map.Load(items ?? [])).ConfigureAwait(false);
            map._balancer.Start(); // only now: the first epoch must not race a shard's load on its channel session
            return map;
        }
        catch
        {
            await map.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Checks the shards and keys and builds the map with its balancer not yet running epochs.</summary>
    private static ShardedObliviousMap Build(IReadOnlyList<IBoltDevice> devices, IReadOnlyList<ReadOnlyMemory<byte>> provisioningKeys, ReadOnlyMemory<byte> prfKey,
        ShardedMapOptions? options, bool ownsDevices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(provisioningKeys);
        options ??= new ShardedMapOptions();
        options.Validate();
        if (devices.Count == 0 || devices.Count != provisioningKeys.Count)
        {
            throw new BoltConfigurationException(nameof(provisioningKeys), $"One provisioning key per shard is needed: {devices.Count} shards, {provisioningKeys.Count} keys.");
        }

        if (prfKey.Length != 16)
        {
            throw new BoltConfigurationException(nameof(prfKey), $"The PRF key must be 16 bytes; got {prfKey.Length}.");
        }

        var parameters = devices[0].Parameters;
        for (int s = 0; s < devices.Count; s++)
        {
            if (devices[s].Parameters != parameters)
            {
                throw new BoltConfigurationException("shards", $"Shard {s} has parameters {devices[s].Parameters}; shard 0 has {parameters}. All shards must be alike.");
            }

            if (provisioningKeys[s].Length != ChannelKdf.KeyBytes)
            {
                throw new BoltConfigurationException(nameof(provisioningKeys), $"Shard {s}'s provisioning key must be {ChannelKdf.KeyBytes} bytes.");
            }
        }

        var prf = new KeyPrf(prfKey.Span);
        var channels = new ShardChannel[devices.Count];
        for (int s = 0; s < devices.Count; s++)
        {
            channels[s] = new ShardChannel(s, devices[s], provisioningKeys[s].Span, ownsDevices);
        }

        var assigner = new ShardAssigner(ShardAssigner.DeriveKey(prf), devices.Count);
        return new ShardedObliviousMap(new ObliviousLoadBalancer(channels, assigner, options), prf, parameters, devices.Count);
    }

    /// <summary>Checks every item, splits the items by shard, and loads every shard (also those that get none).</summary>
    private void Load(IReadOnlyCollection<KeyValuePair<MapKey, ReadOnlyMemory<byte>>> items)
    {
        if (items.Count > (long)Parameters.Capacity * Shards)
        {
            throw new CapacityExceededException($"The load has {items.Count} items; {Shards} shards hold at most {(long)Parameters.Capacity * Shards}. Nothing was sent.");
        }

        var assigner = new ShardAssigner(ShardAssigner.DeriveKey(_prf), Shards);
        var parts = Enumerable.Range(0, Shards).Select(_ => new List<(Digest128 Digest, ReadOnlyMemory<byte> Value)>()).ToArray();
        var seen = new HashSet<Digest128>();
        foreach (var (key, value) in items)
        {
            if (value.Length > MaxValueLength)
            {
                throw new ValueTooLargeException(value.Length, MaxValueLength);
            }

            var digest = key.Digest(_prf);
            if (!seen.Add(digest))
            {
                throw new BulkLoadException(DeviceStatus.InvalidKey, $"Key {key} appears twice in the load. Nothing was sent.");
            }

            parts[assigner.ShardOf(digest)].Add((digest, value));
        }

        for (int s = 0; s < Shards; s++)
        {
            if (parts[s].Count > Parameters.Capacity)
            {
                throw new CapacityExceededException($"Shard {s} would get {parts[s].Count} items; a shard holds at most {Parameters.Capacity}. Nothing was sent.");
            }
        }

        Parallel.For(0, Shards, s =>
        {
            int bytes = Parameters.CommandBytes;
            var records = new byte[parts[s].Count * bytes];
            for (int i = 0; i < parts[s].Count; i++)
            {
                CommandLayout.Write(records.AsSpan(i * bytes, bytes), OpCode.Put, parts[s][i].Digest, parts[s][i].Value.Span);
            }

            _balancer.Shard(s).Load(records);
        });

        Volatile.Write(ref _count, items.Count);
        Volatile.Write(ref _countIsExact, true);
    }

    /// <summary>One epoch (all dummies, or whatever callers sent): every shard must answer it, else it holds no map or is unreachable.</summary>
    private async Task ProbeAsync()
    {
        var errors = await _balancer.NextEpochAsync().ConfigureAwait(false);
        if (errors.FirstOrDefault(e => e is not null) is { } error)
        {
            throw error;
        }
    }

    private async ValueTask<MapResult> SingleAsync(MapRequest request, CancellationToken cancellationToken)
    {
        var encoded = Encode(request);
        cancellationToken.ThrowIfCancellationRequested();
        _balancer.Enqueue([encoded]);
        var result = await AwaitAnswer(encoded).ConfigureAwait(false);
        return result.Status is DeviceStatus.Ok or DeviceStatus.NotFound
            ? result
            : throw ToException(result.Status, request.Value.Length);
    }

    private async Task<MapResult> AwaitAnswer(ShardedRequest request)
    {
        try
        {
            return await request.Completion.Task.ConfigureAwait(false);
        }
        catch (ChannelViolationException)
        {
            Volatile.Write(ref _countIsExact, false);
            throw;
        }
        catch (DeviceConnectionException)
        {
            Volatile.Write(ref _countIsExact, false);
            throw;
        }
    }

    private ShardedRequest Encode(in MapRequest request)
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

        return new ShardedRequest(request.Key.Digest(_prf), request.Op, request.Op == OpCode.Put ? request.Value : default);
    }

    private BoltException ToException(DeviceStatus status, int valueLength) => status switch
    {
        DeviceStatus.CapacityExceeded => new CapacityExceededException("The shard is at capacity; the insert was refused and nothing changed."),
        DeviceStatus.StashOverflow => new StashOverflowException("The shard's overflow stash is full; inserts are refused from now on. Existing items are intact."),
        DeviceStatus.ValueTooLarge => new ValueTooLargeException(valueLength, MaxValueLength),
        DeviceStatus.IntegrityViolation => new IntegrityViolationException("A shard's host memory failed authentication; the access changed nothing and the device halted."),
        DeviceStatus.Halted => new DeviceHaltedException(),
        _ => new DeviceFailureException($"A shard answered {status} to a request the client built well-formed."),
    };
}

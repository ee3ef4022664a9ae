using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Core.Device;
using Bolt.Core.Trace;
using Orleans.Concurrency;

namespace Bolt.Cluster.Client;

/// <summary>
/// A shard device as the trusted side reaches it: through its shard grain, over an Orleans gateway. Only the sealed
/// channel crosses: hellos and sealed frames go out as immutable byte arrays, sealed response frames come back. A call
/// that Orleans could not complete (the silo is down, the call timed out) is a <see cref="DeviceConnectionException"/>:
/// the frame ran whole or not at all, and the channel retransmits the same bytes, which the device answers from its
/// response cache if it had run them — Orleans delivers at most once and never retries by itself, so no frame runs
/// twice. Device refusals arrive typed (<see cref="ShardReply"/>) and are thrown as the local device would throw them.
/// </summary>
internal sealed class GrainShardDevice : IBoltDevice
{
    private readonly IShardGrain _grain;
    private readonly TimeSpan _timeout;

    private GrainShardDevice(int shard, IShardGrain grain, ShardDescription description, TimeSpan timeout)
    {
        Shard = shard;
        _grain = grain;
        _timeout = timeout;
        Parameters = description.ToParameters();
        Name = $"shard{shard}:{description.DeviceName}@{description.Silo}";
    }

    public int Shard { get; }

    public string Name { get; }

    public BoltParameters Parameters { get; }

    /// <inheritdoc/>
    /// <remarks>Always null: the trace is recorded where the device runs, on its silo.</remarks>
    public ITraceSink? Trace
    {
        get => null;
        set
        {
            if (value is not null)
            {
                throw new InvalidOperationException("A shard device's host-visible trace is recorded on its silo, not here.");
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>Empty: the sealed pages live on the device's silo.</remarks>
    public HostRegion HostMemory { get; } = NoHostMemory();

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Always: the silo keeps the device's status.</exception>
    public DevicePublicStatus PublicStatus => throw new InvalidOperationException("A shard device's status is kept on its silo.");

    /// <summary>
    /// Describes shard <paramref name="shard"/>, retrying while its silo joins, for up to <paramref name="wait"/>. A describe
    /// changes nothing, so an attempt that gets no answer is simply sent again: each attempt waits 2 s, then twice as long as
    /// the one before (up to <paramref name="callTimeout"/>), so a first call lost while the cluster forms costs seconds, not
    /// the whole wait, and a shard that is slow to start (a long recovery) still answers a later attempt.
    /// </summary>
    /// <exception cref="DeviceConnectionException">The shard did not answer in time.</exception>
    public static async Task<GrainShardDevice> ConnectAsync(Orleans.IGrainFactory grains, int shard, TimeSpan wait, TimeSpan callTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var grain = grains.GetGrain<IShardGrain>(shard);
        var deadline = DateTime.UtcNow + wait;
        var delay = TimeSpan.FromMilliseconds(50);
        var attempt = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(2).Ticks, callTimeout.Ticks));
        while (true)
        {
            try
            {
                var remaining = deadline - DateTime.UtcNow;
                var limit = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(100).Ticks, Math.Min(attempt.Ticks, remaining.Ticks)));
                var description = await grain.Describe().WaitAsync(limit, cancellationToken).ConfigureAwait(false);
                return new GrainShardDevice(shard, grain, description, callTimeout);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (DateTime.UtcNow + delay > deadline)
                {
                    throw new DeviceConnectionException($"Shard {shard} did not answer within {wait.TotalSeconds:0.#} s: {e.Message}", e);
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
                attempt = TimeSpan.FromTicks(Math.Min(attempt.Ticks * 2, callTimeout.Ticks));
            }
        }
    }

    public void OpenSession(ReadOnlySpan<byte> clientHello, Span<byte> deviceHello)
    {
        var hello = Call(_grain.OpenSession(new Immutable<byte[]>(clientHello.ToArray())), "hello");
        if (hello.Length != HelloLayout.DeviceBytes || deviceHello.Length < hello.Length)
        {
            throw new ChannelViolationException(ChannelFault.Handshake, $"Shard {Shard} relayed a {hello.Length}-byte device hello; it is {HelloLayout.DeviceBytes} bytes.");
        }

        hello.CopyTo(deviceHello);
    }

    public void InitialiseSealed(ReadOnlySpan<byte> loadFrame) => Call(_grain.Load(new Immutable<byte[]>(loadFrame.ToArray())), "load frame");

    public int ExecuteSealed(ReadOnlySpan<byte> commandFrame, Span<byte> responseFrame)
    {
        var response = Call(_grain.Execute(new Immutable<byte[]>(commandFrame.ToArray())), "command frame");
        int bytes = Math.Min(response.Length, responseFrame.Length);
        response.AsSpan(0, bytes).CopyTo(responseFrame);
        return response.Length;
    }

    /// <exception cref="InvalidOperationException">Always: silos relay sealed frames only.</exception>
    public void Initialise(ReadOnlySpan<byte> putRecords) => throw SealedOnly();

    /// <exception cref="InvalidOperationException">Always: silos relay sealed frames only.</exception>
    public void InitialisePart(ReadOnlySpan<byte> putRecords) => throw SealedOnly();

    /// <exception cref="InvalidOperationException">Always: silos relay sealed frames only.</exception>
    public void Execute(ReadOnlySpan<byte> commands, Span<byte> responses) => throw SealedOnly();

    public void Dispose()
    {
    }

    /// <summary>Waits for a grain call (the balancer's shard workers block here, one per shard) and types its failure.</summary>
    private byte[] Call(Task<ShardReply> call, string what)
    {
        ShardReply reply;
        try
        {
            reply = call.WaitAsync(_timeout).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            // Silo down, placement refused, timeout, connection lost: the device ran the frame whole or not at all.
            throw new DeviceConnectionException($"Shard {Shard} could not be reached for a {what}: {e.GetType().Name}: {e.Message}", e);
        }

        return reply.Error switch
        {
            ShardError.None => reply.Bytes,
            ShardError.ChannelRejected => throw new ChannelViolationException((ChannelFault)reply.Detail, reply.Message ?? "rejected"),
            ShardError.LoadRefused => throw new BulkLoadException((DeviceStatus)reply.Detail, reply.Message ?? "load refused"),
            ShardError.DeviceState => throw new DeviceStateException(reply.Message ?? "device state"),
            ShardError.DeviceHalted => throw new DeviceHaltedException(),
            ShardError.DeviceUnreachable or ShardError.NoDevice => throw new DeviceConnectionException($"Shard {Shard}: {reply.Message}"),
            _ => throw new DeviceFailureException($"Shard {Shard}: {reply.Message}"),
        };
    }

    private static InvalidOperationException SealedOnly() =>
        new("A shard device is reached through its silo, which relays the sealed channel only; the plaintext record port stays there.");

    private static unsafe HostRegion NoHostMemory() => new(null, 0);
}

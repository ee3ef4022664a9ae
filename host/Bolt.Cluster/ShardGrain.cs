using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Core.Device;
using Orleans;
using Orleans.Concurrency;
using Orleans.Placement;
using Orleans.Runtime;

namespace Bolt.Cluster;

/// <summary>
/// Shard grain k: the untrusted relay for device k, the daemon's role in a cluster. It lives on the silo that owns the
/// device (<see cref="ShardDevicePlacementAttribute"/>) and is immovable, so neither the rebalancer nor the repartitioner
/// ever moves it where its device is not. Orleans runs one call at a time per grain, so frames reach the device in the
/// order the grain received them; the device itself makes a retransmitted frame idempotent (its per-session sequence
/// numbers and response cache), so a retry after a lost reply is answered, never run twice.
/// </summary>
[ShardDevicePlacement]
[Immovable]
public sealed class ShardGrain(ShardDevices devices, ILocalSiloDetails silo) : Grain, IShardGrain
{
    private int Shard => checked((int)this.GetPrimaryKeyLong());

    /// <inheritdoc/>
    public Task<ShardDescription> Describe()
    {
        var device = Device()?.Device ?? throw new ShardUnavailableException(Shard);
        return Task.FromResult(ShardDescription.Of(device.Parameters, device.Name, silo.Name));
    }

    /// <inheritdoc/>
    public Task<ShardReply> OpenSession(Immutable<byte[]> clientHello) => Relay(device =>
    {
        var hello = new byte[HelloLayout.DeviceBytes];
        device.OpenSession(clientHello.Value, hello);
        return hello;
    });

    /// <inheritdoc/>
    public Task<ShardReply> Load(Immutable<byte[]> loadFrame) => Relay(device =>
    {
        device.InitialiseSealed(loadFrame.Value);
        return [];
    });

    /// <inheritdoc/>
    public Task<ShardReply> Execute(Immutable<byte[]> commandFrame) => Relay(device =>
    {
        var frame = commandFrame.Value;
        if (frame.Length < FrameLayout.HeaderBytes)
        {
            throw new ChannelViolationException(ChannelFault.Malformed, $"A {frame.Length}-byte command frame is shorter than a frame header.");
        }

        // A response frame has as many records as the command frame claims (the device checks the claim).
        int records = (int)Math.Min(FrameLayout.ReadCount(frame), (uint)ChannelEndpoint.MaxFrameRecords);
        var response = new byte[FrameLayout.Bytes(records, device.Parameters.ResponseBytes)];
        int written = device.ExecuteSealed(frame, response);
        return written == response.Length ? response : response.AsSpan(0, written).ToArray();
    });

    private ShardDevice? Device() => devices.TryGet(Shard, out var device) ? device : null;

    /// <summary>
    /// Runs one device call off the Orleans scheduler (it is CPU work of milliseconds, and a durable shard's fsync) and
    /// types its refusal. A durable shard answers only once the call is on disk.
    /// </summary>
    private async Task<ShardReply> Relay(Func<IBoltDevice, byte[]> call)
    {
        if (Device() is not { } device)
        {
            return ShardReply.Refused(ShardError.NoDevice, 0, $"Silo {silo.Name} holds no device for shard {Shard}.");
        }

        try
        {
            return ShardReply.Ok(await Task.Run(() => device.Call(call)).ConfigureAwait(true));
        }
        catch (ChannelViolationException e)
        {
            return ShardReply.Refused(ShardError.ChannelRejected, (int)e.Fault, e.Message);
        }
        catch (BulkLoadException e)
        {
            return ShardReply.Refused(ShardError.LoadRefused, (int)e.Status, e.Message);
        }
        catch (DeviceStateException e)
        {
            return ShardReply.Refused(ShardError.DeviceState, 0, e.Message);
        }
        catch (DeviceHaltedException e)
        {
            return ShardReply.Refused(ShardError.DeviceHalted, 0, e.Message);
        }
        catch (DeviceConnectionException e)
        {
            return ShardReply.Refused(ShardError.DeviceUnreachable, 0, e.Message);
        }
        catch (Exception e) when (e is BoltException or ArgumentException or InvalidOperationException)
        {
            return ShardReply.Refused(ShardError.DeviceFailure, 0, $"{e.GetType().Name}: {e.Message}");
        }
    }
}

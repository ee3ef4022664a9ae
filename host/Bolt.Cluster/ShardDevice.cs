using Bolt.Core;
using Bolt.Core.Device;
using Bolt.Server.Durability;

namespace Bolt.Cluster;

/// <summary>
/// The device of one shard as its grain drives it: one call at a time. A durable shard's device lives in a
/// <see cref="DurableStore"/> (checkpoints and a write-ahead log in its own directory): every call's log record is
/// synced before the call returns, so a reply the grain sends — an acknowledged frame — survives a kill -9 of the silo,
/// and a checkpoint is taken between calls when one is due.
/// </summary>
public sealed class ShardDevice : IDisposable
{
    private readonly object _gate = new();
    private readonly DurableStore? _store;
    private readonly bool _dispose;
    private string? _failure;

    /// <summary>A device whose state lives only as long as the device object (or a daemon's, behind a relay).</summary>
    public ShardDevice(IBoltDevice device, bool dispose)
    {
        ArgumentNullException.ThrowIfNull(device);
        Device = device;
        _dispose = dispose;
    }

    /// <summary>A durable device: recovered from (or created in) its store's directory; the shard owns the store.</summary>
    public ShardDevice(DurableStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        Device = store.Device;
        _dispose = true;
    }

    /// <summary>The device (a durable one logs every call first). Drive it only through <see cref="Call{T}"/>.</summary>
    public IBoltDevice Device { get; }

    /// <summary>What the durable store found when the silo started; null for a device that is not durable.</summary>
    public RecoveryReport? Recovery => _store?.Recovery;

    /// <summary>
    /// Runs one device call; for a durable device, returns only once the call's log record is on disk.
    /// </summary>
    /// <exception cref="DeviceFailureException">The log could not be made durable (now or earlier): the call's outcome is
    /// unknown, and the shard takes no more work until the silo restarts and recovers from its directory.</exception>
    public T Call<T>(Func<IBoltDevice, T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        lock (_gate)
        {
            if (_failure is not null)
            {
                throw new DeviceFailureException(_failure);
            }

            var result = call(Device);
            if (_store is not null)
            {
                MakeDurable(_store);
            }

            return result;
        }
    }

    /// <summary>Takes a last checkpoint (when a durable device can) and releases the device, if the shard owns it.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_store is { CanCheckpoint: true } && _failure is null)
            {
                TryCheckpoint(_store); // the next start then restores it and has no log to replay
            }

            if (_dispose)
            {
                (_store ?? (IDisposable)Device).Dispose();
            }
        }
    }

    private void MakeDurable(DurableStore store)
    {
        try
        {
            store.MakeDurable(store.AppendedPosition, store.Commit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _failure = $"The shard's write-ahead log could not be made durable ({e.Message}); the outcome of this call is unknown and the shard refuses work until its silo restarts.";
            throw new DeviceFailureException(_failure);
        }

        if (store.CheckpointDue)
        {
            TryCheckpoint(store);
        }
    }

    private static void TryCheckpoint(DurableStore store)
    {
        try
        {
            store.Checkpoint();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The log still holds every call since the last checkpoint, so nothing is lost; the next one is tried later.
        }
    }
}

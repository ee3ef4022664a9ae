using Bolt.Client;
using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Core.Device;
using Bolt.Core.Durability;
using Bolt.Remote;
using Bolt.Remote.Protocol;
using Bolt.Server;
using Bolt.Server.Durability;
using Bolt.Sim;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Bolt.Tests.Durability;

/// <summary>
/// A durable daemon whose log fsync fails (injected) stops taking work: the requests waiting on that fsync get a typed
/// "outcome unknown" error, every later request is refused without running, and recovery on working storage restores
/// every write that was acknowledged.
/// </summary>
public sealed class StorageFailureTests : IDisposable
{
    private static readonly BoltParameters Small = new(capacity: 1024, valueSize: 16, sessionSlots: 8);
    private readonly string _root = Directory.CreateTempSubdirectory("bolt-fsync-").FullName;
    private readonly InProcessCounter _counter = new();
    private volatile bool _failSync;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private DurableStore Open(bool injectFault) => DurableStore.Open(
        new DurabilityOptions
        {
            Directory = Path.Combine(_root, "data"),
            Counter = _counter,
            CheckpointEveryRecords = 0,
            BeforeLogSync = injectFault ? () =>
            {
                if (_failSync)
                {
                    throw new IOException("injected fsync failure (EIO)");
                }
            }
            : null,
        },
        new SimulatorFactory(new SimulatedDeviceOptions { Parameters = Small, Seed = SimulatedDeviceOptions.InsecureFixedKey(3) }),
        initialiseEmpty: true);

    [Fact]
    public async Task After_a_failed_log_fsync_nothing_more_is_acknowledged_or_run_and_recovery_keeps_every_acknowledged_write()
    {
        var provisioning = ChannelKdf.ProvisioningKey(SimulatedDeviceOptions.InsecureFixedKey(3));
        string socket = Path.Combine(Path.GetTempPath(), $"bolt-fsync-{Guid.NewGuid():N}.sock");
        ulong commitAfterFailure;
        using (var store = Open(injectFault: true))
        {
            using var host = BoltServerHost.Build(new BoltServerOptions { UnixSocketPath = socket }, store, LogLevel.None);
            await host.StartAsync();
            using (var map = ObliviousMap.Connect(RemoteDevice.Connect("unix:" + socket), provisioning, new byte[16], ownsDevice: true))
            {
                for (int k = 0; k < 20; k++)
                {
                    Assert.True(await map.PutAsync(k, BitConverter.GetBytes(k + 1000)));
                }

                _failSync = true;
                var unknown = await Assert.ThrowsAnyAsync<Exception>(async () => await map.PutAsync(100, new byte[] { 1 }));
                Assert.Equal(ErrorCode.StorageFailed, Refusal(unknown).Code);
                commitAfterFailure = store.Commit;
            }

            // Every later request is refused without touching the device, even once the storage works again.
            _failSync = false;
            using (var device = RemoteDevice.Connect("unix:" + socket))
            {
                var refused = Assert.ThrowsAny<Exception>(() => ChannelSession.Open(device, provisioning));
                Assert.Equal(ErrorCode.StorageFailed, Refusal(refused).Code);
            }

            Assert.Equal(commitAfterFailure, store.Commit);
            await host.StopAsync();
        }

        // Recovery on working storage: every acknowledged write reads back.
        using var recovered = Open(injectFault: false);
        using var reader = ObliviousMap.Connect(recovered.Device, provisioning, new byte[16]);
        for (int k = 0; k < 20; k++)
        {
            Assert.Equal(BitConverter.GetBytes(k + 1000), await reader.GetAsync(k));
        }
    }

    private static RemoteRefusalException Refusal(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is RemoteRefusalException refusal)
            {
                return refusal;
            }
        }

        throw new Xunit.Sdk.XunitException($"Expected a refusal from the daemon, got {e}");
    }
}

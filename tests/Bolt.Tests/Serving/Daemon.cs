using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Server;
using Bolt.Sim;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bolt.Tests.Serving;

/// <summary>A `bolt serve` daemon in this process, on a real Unix socket, owning a small simulated device.</summary>
internal sealed class Daemon : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private Daemon(IHost host, string path, SimulatedDevice device, byte[] deviceKey)
    {
        _host = host;
        SocketPath = path;
        Device = device;
        ProvisioningKey = ChannelKdf.ProvisioningKey(deviceKey);
    }

    public string SocketPath { get; }

    public string Address => "unix:" + SocketPath;

    public SimulatedDevice Device { get; }

    public byte[] ProvisioningKey { get; }

    public ServerStatistics Statistics => _host.Services.GetRequiredService<ServerStatistics>();

    public static async Task<Daemon> StartAsync(BoltServerOptions? options = null, BoltParameters? parameters = null)
    {
        string path = Path.Combine(Path.GetTempPath(), $"bolt-test-{Guid.NewGuid():N}.sock");
        var deviceKey = SimulatedDeviceOptions.InsecureFixedKey(7);
        var device = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = parameters ?? new BoltParameters(capacity: 1 << 14, valueSize: 16), Seed = deviceKey });
        var host = BoltServerHost.Build((options ?? new BoltServerOptions()) with { UnixSocketPath = path }, () => device, LogLevel.None);
        await host.StartAsync();
        return new Daemon(host, path, device, deviceKey);
    }

    public RawClient Raw(bool hello = true) => RawClient.Connect(SocketPath, hello);

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}

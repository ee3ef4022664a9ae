using Bolt.Core.Device;
using Bolt.Server.Durability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bolt.Server;

/// <summary>
/// Builds the `bolt serve` daemon on Microsoft.Extensions.Hosting: the device thread and the listeners as hosted
/// services, console logging to stderr, and the host's console lifetime (SIGTERM and Ctrl-C stop it gracefully).
/// </summary>
public static class BoltServerHost
{
    /// <summary>
    /// Builds a daemon that owns the device <paramref name="createDevice"/> makes (disposed with the host).
    /// </summary>
    /// <param name="options">Endpoints, limits and timeouts.</param>
    /// <param name="createDevice">Makes the device, not yet initialised.</param>
    /// <param name="minimumLevel">The least log level written.</param>
    /// <exception cref="Bolt.Core.BoltConfigurationException">An option is out of range.</exception>
    public static IHost Build(BoltServerOptions options, Func<IBoltDevice> createDevice, LogLevel minimumLevel = LogLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(createDevice);
        return Build(options, minimumLevel, services => services.AddSingleton(_ => createDevice()));
    }

    /// <summary>
    /// Builds a durable daemon over an opened <paramref name="store"/> (the caller keeps it and disposes it after the
    /// host): every call is logged before the device runs it, replies wait for group commit, checkpoints are taken
    /// periodically, on a client's request and at shutdown.
    /// </summary>
    /// <exception cref="Bolt.Core.BoltConfigurationException">An option is out of range.</exception>
    public static IHost Build(BoltServerOptions options, DurableStore store, LogLevel minimumLevel = LogLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Build(options, minimumLevel, services =>
        {
            services.AddSingleton(store);
            services.AddSingleton(_ => store.Device);
        });
    }

    private static IHost Build(BoltServerOptions options, LogLevel minimumLevel, Action<IServiceCollection> addDevice)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Logging.SetMinimumLevel(minimumLevel);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.DrainTimeout + options.WriteTimeout + TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(options);
        addDevice(builder.Services);
        builder.Services.AddSingleton<ServerStatistics>();
        builder.Services.AddSingleton<DeviceScheduler>();

        // Hosted services stop in reverse order: the listeners drain their clients before the device thread ends.
        builder.Services.AddHostedService(s => s.GetRequiredService<DeviceScheduler>());
        builder.Services.AddHostedService<ConnectionListener>();
        return builder.Build();
    }
}

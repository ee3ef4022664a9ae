using System.Security.Cryptography;
using Bolt.Client;
using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Core.Device;
using Bolt.OpenCl;
using Bolt.Sim;

namespace Bolt;

/// <summary>
/// The way in: builds the device a <see cref="BoltMapOptions"/> asks for, gives it a fresh random key, and creates
/// an <see cref="ObliviousMap"/> on it, loaded with the items given. The map owns the device; disposing the map
/// releases it.
/// <code>
/// await using var map = await BoltMap.CreateAsync(new BoltMapOptions(), new Dictionary&lt;string, byte[]&gt; { ["alice"] = [1] });
/// byte[]? value = await map.GetAsync("alice");
/// </code>
/// </summary>
/// <remarks>
/// Here the client builds the device itself, so it derives the provisioning key from the key it drew. Against a
/// device it does not own, a client gets the provisioning key through attestation and calls
/// <see cref="ObliviousMap.ConnectAsync"/> or <see cref="ObliviousMap.CreateAsync(IBoltDevice, ReadOnlyMemory{byte}, ReadOnlyMemory{byte}, IDictionary{string, byte[]}, IProgress{long}?, bool, ObliviousMapOptions?, CancellationToken)"/>
/// with that key.
/// </remarks>
public static class BoltMap
{
    /// <summary>Creates the device and a map loaded with <paramref name="items"/> (none: an empty map), without blocking.</summary>
    /// <param name="options">The map and its device.</param>
    /// <param name="items">Distinct keys and their values.</param>
    /// <param name="progress">Hears how many items have been encoded (a 2^25-item load takes minutes).</param>
    /// <param name="cancellationToken">Cancels the create until the load is sent to the device.</param>
    /// <exception cref="BoltConfigurationException">An option is invalid; the exception names it.</exception>
    /// <exception cref="BoltException">The device could not be built or refused the load (see <see cref="ObliviousMap.Create(IBoltDevice, ReadOnlySpan{byte}, ReadOnlySpan{byte}, IReadOnlyCollection{KeyValuePair{MapKey, ReadOnlyMemory{byte}}}?, IProgress{long}?, bool, ObliviousMapOptions?)"/>).</exception>
    public static Task<ObliviousMap> CreateAsync(BoltMapOptions options, IDictionary<string, byte[]>? items = null, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var device = OpenDevice(options, out var provisioningKey, out var prfKey);
        return ObliviousMap.CreateAsync(device, provisioningKey, prfKey, items ?? new Dictionary<string, byte[]>(), progress, ownsDevice: true,
            new ObliviousMapOptions { CoalescingDelay = options.CoalescingDelay }, cancellationToken);
    }

    /// <inheritdoc cref="CreateAsync(BoltMapOptions, IDictionary{string, byte[]}?, IProgress{long}?, CancellationToken)"/>
    /// <param name="options">The map and its device.</param>
    /// <param name="items">Distinct keys (strings, byte strings or integers) and their values.</param>
    /// <param name="progress">Hears how many items have been encoded.</param>
    /// <param name="cancellationToken">Cancels the create until the load is sent to the device.</param>
    public static Task<ObliviousMap> CreateAsync(BoltMapOptions options, IReadOnlyCollection<KeyValuePair<MapKey, ReadOnlyMemory<byte>>> items,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var device = OpenDevice(options, out var provisioningKey, out var prfKey);
        return ObliviousMap.CreateAsync(device, provisioningKey, prfKey, items, progress, ownsDevice: true,
            new ObliviousMapOptions { CoalescingDelay = options.CoalescingDelay }, cancellationToken);
    }

    /// <summary>
    /// Connects to the device a `bolt serve` daemon owns (<paramref name="server"/>: <c>unix:PATH</c> or <c>HOST:PORT</c>)
    /// and returns a map on it, without blocking. The daemon relays sealed frames only; the provisioning key comes
    /// through attestation (with `bolt serve`, from the key file it writes). The map owns the connection.
    /// </summary>
    /// <param name="server">The daemon's address.</param>
    /// <param name="provisioningKey">The device's 16-byte provisioning key.</param>
    /// <param name="prfKey">The client's 16-byte PRF key; it never leaves the client.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <exception cref="DeviceConnectionException">No daemon answered at <paramref name="server"/>.</exception>
    public static Task<ObliviousMap> ConnectAsync(string server, ReadOnlyMemory<byte> provisioningKey, ReadOnlyMemory<byte> prfKey,
        CancellationToken cancellationToken = default) =>
        ObliviousMap.ConnectAsync(Bolt.Remote.RemoteDevice.Connect(server), provisioningKey, prfKey, ownsDevice: true, cancellationToken: cancellationToken);

    /// <summary>The blocking form of <see cref="CreateAsync(BoltMapOptions, IDictionary{string, byte[]}?, IProgress{long}?, CancellationToken)"/>.</summary>
    /// <param name="options">The map and its device.</param>
    /// <param name="items">Distinct keys and their values.</param>
    public static ObliviousMap Create(BoltMapOptions options, IDictionary<string, byte[]>? items = null) =>
        CreateAsync(options, items).GetAwaiter().GetResult();

    /// <summary>
    /// Builds the device <paramref name="options"/> names with a fresh random device key, and returns the
    /// provisioning key a client needs for it (derived here, since this process made the device) and the PRF key.
    /// </summary>
    private static IBoltDevice OpenDevice(BoltMapOptions options, out byte[] provisioningKey, out byte[] prfKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var deviceKey = RandomNumberGenerator.GetBytes(16);
        IBoltDevice device = options.Device switch
        {
            BoltDeviceKind.OpenCl => new OpenClDevice(new OpenClDeviceOptions
            {
                Parameters = options.Parameters,
                Seed = deviceKey,
                PlatformName = options.OpenClPlatform,
                XclbinPath = options.XclbinPath,
            }),
            _ => new SimulatedDevice(new SimulatedDeviceOptions { Parameters = options.Parameters, Seed = deviceKey }),
        };
        provisioningKey = ChannelKdf.ProvisioningKey(deviceKey);
        prfKey = options.PrfKey ?? RandomNumberGenerator.GetBytes(16);
        return device;
    }
}

using Bolt.Core;
using Bolt.Core.Device;
using Bolt.Core.Trace;

namespace Bolt.OpenCl.Xrt;

/// <summary>
/// The accelerator kernel on a U55C through XRT's native API (the shim in hardware/xrt), for production hosts:
/// buffers sit in the banks the .xclbin names and are mapped once, one kernel run serves a whole sealed frame
/// (or a whole plaintext batch or load), and the host pages are synced around each run rather than re-mapped.
/// The host-side protocol (hellos and frames relayed, the state and trace words, the typed errors) is the same
/// driver as <see cref="OpenClDevice"/>, which stays the path for PoCL and GPUs. The kernel launched is the Vitis HLS
/// top by default (<see cref="XrtDeviceOptions.KernelName"/>), with its three second ports bound to the buffers of
/// their first ports.
/// </summary>
public sealed class XrtDevice : ICheckpointDevice, IKernelProfiled
{
    private readonly OpenClDevice _driver;
    private readonly XrtRuntime _runtime;

    /// <summary>Loads the shim, opens the device, loads the .xclbin and allocates every buffer.</summary>
    /// <exception cref="XrtException">The shim, device, .xclbin, kernel or a buffer could not be had.</exception>
    public XrtDevice(XrtDeviceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        uint timeoutMs = (uint)Math.Min(options.RunTimeout.TotalMilliseconds, uint.MaxValue);
        XrtRuntime? runtime = null;
        _driver = new OpenClDevice(
            new OpenClDeviceOptions
            {
                Parameters = options.Parameters,
                Seed = options.Seed,
                Timing = options.Timing,
                ProvisioningBlob = options.ProvisioningBlob,
                DeviceUniqueKey = options.DeviceUniqueKey,
                Lifetime = options.Lifetime,
            },
            () => runtime = new XrtRuntime(options.ShimLibrary, options.DeviceIndex, options.XclbinPath, options.KernelName, timeoutMs));
        _runtime = runtime!;
    }

    /// <inheritdoc/>
    public string Name => _driver.Name;

    /// <inheritdoc/>
    public BoltParameters Parameters => _driver.Parameters;

    /// <inheritdoc/>
    public ITraceSink? Trace
    {
        get => _driver.Trace;
        set => _driver.Trace = value;
    }

    /// <inheritdoc/>
    public HostRegion HostMemory => _driver.HostMemory;

    /// <inheritdoc/>
    public DevicePublicStatus PublicStatus => _driver.PublicStatus;

    /// <inheritdoc/>
    public KernelProfile Profile => _driver.Profile;

    /// <summary>The memory group XRT placed each buffer argument in (argument index to group), from the .xclbin.</summary>
    public IReadOnlyDictionary<uint, int> MemoryGroups => _runtime.Groups;

    /// <inheritdoc/>
    public void Initialise(ReadOnlySpan<byte> putRecords) => _driver.Initialise(putRecords);

    /// <inheritdoc/>
    public void InitialisePart(ReadOnlySpan<byte> putRecords) => _driver.InitialisePart(putRecords);

    /// <inheritdoc/>
    public void Execute(ReadOnlySpan<byte> commands, Span<byte> responses) => _driver.Execute(commands, responses);

    /// <inheritdoc/>
    public void OpenSession(ReadOnlySpan<byte> clientHello, Span<byte> deviceHello) => _driver.OpenSession(clientHello, deviceHello);

    /// <inheritdoc/>
    public void InitialiseSealed(ReadOnlySpan<byte> loadFrame) => _driver.InitialiseSealed(loadFrame);

    /// <inheritdoc/>
    public int ExecuteSealed(ReadOnlySpan<byte> commandFrame, Span<byte> responseFrame) => _driver.ExecuteSealed(commandFrame, responseFrame);

    /// <inheritdoc/>
    public void ExecuteSealedFrames(SealedFrameBatch batch) => _driver.ExecuteSealedFrames(batch);

    /// <inheritdoc/>
    public void Dispose() => _driver.Dispose();

    /// <inheritdoc/>
    public ulong CommitNumber => _driver.CommitNumber;

    /// <inheritdoc/>
    public bool LoadInProgress => _driver.LoadInProgress;

    /// <inheritdoc/>
    public void AbandonLoad() => _driver.AbandonLoad();

    /// <inheritdoc/>
    public ReadOnlySpan<byte> DeviceId => _driver.DeviceId;

    /// <inheritdoc/>
    public long CheckpointImageBytes => _driver.CheckpointImageBytes;

    /// <inheritdoc/>
    public Bolt.Core.Durability.CheckpointHeader WriteCheckpoint(Stream destination, ulong number, ulong counter) => _driver.WriteCheckpoint(destination, number, counter);

    /// <inheritdoc cref="OpenClDevice.WriteCheckpoint(Stream, ulong, ulong, byte[])"/>
    public Bolt.Core.Durability.CheckpointHeader WriteCheckpoint(Stream destination, ulong number, ulong counter, byte[] salt) => _driver.WriteCheckpoint(destination, number, counter, salt);

    /// <inheritdoc cref="OpenClDevice.Import"/>
    public Bolt.Core.Durability.CheckpointHeader Import(Stream source, string file, ulong minimumCounter = 0) => _driver.Import(source, file, minimumCounter);

    /// <inheritdoc/>
    public void BeginNewLifetime(ReadOnlySpan<byte> lifetime) => _driver.BeginNewLifetime(lifetime);
}

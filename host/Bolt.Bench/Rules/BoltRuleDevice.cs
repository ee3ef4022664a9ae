using Bolt.Core;
using Bolt.Sim;
using Bolt.Sim.Stats;

namespace Bolt.Bench.Rules;

/// <summary>The product: the cycle-level simulator of hardware/SPEC.md, measured through its record port.</summary>
public sealed class BoltRuleDevice(SimulatedDeviceOptions options) : IModeledDevice
{
    private readonly SimulatedDevice _device = new(options);

    /// <inheritdoc/>
    public DeviceRule Rule => DeviceRule.Bolt;

    /// <inheritdoc/>
    public string Name => "bolt";

    /// <inheritdoc/>
    public BoltParameters Parameters => _device.Parameters;

    /// <inheritdoc/>
    public RunStatistics Statistics => _device.Statistics;

    /// <inheritdoc/>
    public void Initialise(ReadOnlySpan<byte> putRecords) => _device.Initialise(putRecords);

    /// <inheritdoc/>
    public void InitialisePart(ReadOnlySpan<byte> putRecords) => _device.InitialisePart(putRecords);

    /// <inheritdoc/>
    public void Execute(ReadOnlySpan<byte> commands, Span<byte> responses) => _device.Execute(commands, responses);

    /// <inheritdoc/>
    public void Dispose() => _device.Dispose();
}

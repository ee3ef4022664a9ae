using Bolt.Core;
using Bolt.Core.Device;
using Bolt.Core.Trace;

namespace Bolt.Tests.Cluster;

/// <summary>
/// A device that outlives the silo relaying to it (as one behind a `bolt serve` daemon does): the silo's disposal of it is
/// ignored, so a restarted silo reaches the same device state.
/// </summary>
internal sealed class SurvivingDevice(IBoltDevice inner) : IBoltDevice
{
    public string Name => inner.Name;

    public BoltParameters Parameters => inner.Parameters;

    public HostRegion HostMemory => inner.HostMemory;

    public DevicePublicStatus PublicStatus => inner.PublicStatus;

    public ITraceSink? Trace { get => inner.Trace; set => inner.Trace = value; }

    public void Initialise(ReadOnlySpan<byte> putRecords) => inner.Initialise(putRecords);

    public void InitialisePart(ReadOnlySpan<byte> putRecords) => inner.InitialisePart(putRecords);

    public void Execute(ReadOnlySpan<byte> commands, Span<byte> responses) => inner.Execute(commands, responses);

    public void OpenSession(ReadOnlySpan<byte> clientHello, Span<byte> deviceHello) => inner.OpenSession(clientHello, deviceHello);

    public void InitialiseSealed(ReadOnlySpan<byte> loadFrame) => inner.InitialiseSealed(loadFrame);

    public int ExecuteSealed(ReadOnlySpan<byte> commandFrame, Span<byte> responseFrame) => inner.ExecuteSealed(commandFrame, responseFrame);

    public void Dispose()
    {
    }
}

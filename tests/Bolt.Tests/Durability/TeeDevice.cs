using Bolt.Core;
using Bolt.Core.Device;
using Bolt.Core.Trace;
using Xunit;

namespace Bolt.Tests.Durability;

/// <summary>
/// Gives every call to two devices, the durable one and a reference that never crashes, and checks they answer alike,
/// so a test can compare the recovered state with the state of a run that never crashed after the same calls.
/// </summary>
internal sealed class TeeDevice(IBoltDevice first, IBoltDevice reference) : IBoltDevice
{
    public string Name => Primary.Name;

    public BoltParameters Parameters => Primary.Parameters;

    public HostRegion HostMemory => Primary.HostMemory;

    public DevicePublicStatus PublicStatus => Primary.PublicStatus;

    public ITraceSink? Trace { get; set; }

    public IBoltDevice Primary { get; set; } = first;

    public void OpenSession(ReadOnlySpan<byte> clientHello, Span<byte> deviceHello)
    {
        var mirror = new byte[deviceHello.Length];
        reference.OpenSession(clientHello, mirror);
        Primary.OpenSession(clientHello, deviceHello);
        Assert.Equal(mirror, deviceHello.ToArray());
    }

    public void InitialiseSealed(ReadOnlySpan<byte> loadFrame)
    {
        reference.InitialiseSealed(loadFrame);
        Primary.InitialiseSealed(loadFrame);
    }

    public int ExecuteSealed(ReadOnlySpan<byte> commandFrame, Span<byte> responseFrame)
    {
        var mirror = new byte[responseFrame.Length];
        int n = reference.ExecuteSealed(commandFrame, mirror);
        int m = Primary.ExecuteSealed(commandFrame, responseFrame);
        Assert.Equal(mirror.AsSpan(0, n).ToArray(), responseFrame[..m].ToArray());
        return m;
    }

    public void Initialise(ReadOnlySpan<byte> putRecords) => throw new NotSupportedException();

    public void InitialisePart(ReadOnlySpan<byte> putRecords) => throw new NotSupportedException();

    public void Execute(ReadOnlySpan<byte> commands, Span<byte> responses) => throw new NotSupportedException();

    public void Dispose()
    {
    }
}

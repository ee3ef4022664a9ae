using Bolt.Core;
using Bolt.Core.Device;
using Bolt.Core.Trace;

namespace Bolt.Security.Cluster;

/// <summary>
/// A shard device as its host sees the engine traffic: every sealed command frame's and response frame's size, grouped
/// by epoch (<see cref="EndEpoch"/>). Everything is forwarded unchanged.
/// </summary>
internal sealed class FrameRecordingDevice(IBoltDevice inner) : IBoltDevice
{
    private List<(int Command, int Response)> _current = [];

    /// <summary>Per epoch, the (command, response) byte sizes of every frame the shard received, in order.</summary>
    public List<List<(int Command, int Response)>> Epochs { get; } = [];

    public string Name => inner.Name;

    public BoltParameters Parameters => inner.Parameters;

    public HostRegion HostMemory => inner.HostMemory;

    public DevicePublicStatus PublicStatus => inner.PublicStatus;

    public ITraceSink? Trace { get => inner.Trace; set => inner.Trace = value; }

    /// <summary>Closes the current epoch's record (called between epochs, when no frame is in flight).</summary>
    public void EndEpoch()
    {
        Epochs.Add(_current);
        _current = [];
    }

    public void Initialise(ReadOnlySpan<byte> putRecords) => inner.Initialise(putRecords);

    public void InitialisePart(ReadOnlySpan<byte> putRecords) => inner.InitialisePart(putRecords);

    public void Execute(ReadOnlySpan<byte> commands, Span<byte> responses) => inner.Execute(commands, responses);

    public void OpenSession(ReadOnlySpan<byte> clientHello, Span<byte> deviceHello) => inner.OpenSession(clientHello, deviceHello);

    public void InitialiseSealed(ReadOnlySpan<byte> loadFrame) => inner.InitialiseSealed(loadFrame);

    public int ExecuteSealed(ReadOnlySpan<byte> commandFrame, Span<byte> responseFrame)
    {
        int written = inner.ExecuteSealed(commandFrame, responseFrame);
        _current.Add((commandFrame.Length, written));
        return written;
    }

    public void Dispose() => inner.Dispose();
}

using System.Buffers;
using Bolt.Core;
using Bolt.Core.Device;
using Bolt.Core.Trace;

namespace Bolt.Server.Durability;

/// <summary>
/// The device as a durable daemon drives it: every call that can change device state (a hello, a sealed load frame, a
/// call of sealed command frames) is appended to the write-ahead log before the device runs it, exactly as the device
/// receives it. The plaintext record port is refused: a durable daemon serves sealed frames only, and a plaintext
/// record in the log would put values on the host's disk.
/// </summary>
internal sealed class LoggingDevice(ICheckpointDevice inner, WriteAheadLog log) : IBoltDevice
{
    private readonly ArrayBufferWriter<byte> _payload = new(1 << 16);
    private readonly List<ReadOnlyMemory<byte>> _frames = [];

    public string Name => inner.Name;

    public BoltParameters Parameters => inner.Parameters;

    public HostRegion HostMemory => inner.HostMemory;

    public DevicePublicStatus PublicStatus => inner.PublicStatus;

    public ITraceSink? Trace
    {
        get => inner.Trace;
        set => inner.Trace = value;
    }

    public void OpenSession(ReadOnlySpan<byte> clientHello, Span<byte> deviceHello)
    {
        log.Append(LogRecordKind.Hello, clientHello);
        inner.OpenSession(clientHello, deviceHello);
    }

    public void InitialiseSealed(ReadOnlySpan<byte> loadFrame)
    {
        log.Append(LogRecordKind.Load, loadFrame);
        inner.InitialiseSealed(loadFrame);
    }

    public int ExecuteSealed(ReadOnlySpan<byte> commandFrame, Span<byte> responseFrame)
    {
        _payload.ResetWrittenCount();
        _frames.Clear();
        _frames.Add(commandFrame.ToArray());
        LoggedFrames.Write(_payload, _frames);
        log.Append(LogRecordKind.Frames, _payload.WrittenSpan);
        return inner.ExecuteSealed(commandFrame, responseFrame);
    }

    public void ExecuteSealedFrames(SealedFrameBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _payload.ResetWrittenCount();
        _frames.Clear();
        for (int i = 0; i < batch.Count; i++)
        {
            _frames.Add(batch.CommandFrame(i));
        }

        LoggedFrames.Write(_payload, _frames);
        _frames.Clear();
        log.Append(LogRecordKind.Frames, _payload.WrittenSpan);
        inner.ExecuteSealedFrames(batch);
    }

    public void Initialise(ReadOnlySpan<byte> putRecords) => throw PlaintextRefused();

    public void InitialisePart(ReadOnlySpan<byte> putRecords) => throw PlaintextRefused();

    public void Execute(ReadOnlySpan<byte> commands, Span<byte> responses) => throw PlaintextRefused();

    /// <summary>Nothing: the <see cref="DurableStore"/> owns the device.</summary>
    public void Dispose()
    {
    }

    private static InvalidOperationException PlaintextRefused() =>
        new("A durable daemon serves sealed frames only: the plaintext record port would log plaintext records to the host's disk.");
}

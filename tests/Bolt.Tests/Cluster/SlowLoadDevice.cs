using Bolt.Core;
using Bolt.Core.Device;
using Bolt.Core.Trace;

namespace Bolt.Tests.Cluster;

/// <summary>
/// A shard device whose sealed load takes a while (as a large load through a busy silo does), and which records any
/// call that reaches it while a load frame is being served or, for command frames, before its load completed: the
/// balancer must not talk to a shard until the shard holds its map.
/// </summary>
internal sealed class SlowLoadDevice(IBoltDevice inner, TimeSpan loadTime) : IBoltDevice
{
    private int _inCall;
    private bool _loaded;

    /// <summary>Calls that overlapped another call on this device, or command frames sent before the load ended.</summary>
    public List<string> Violations { get; } = [];

    public string Name => "slow-load:" + inner.Name;

    public BoltParameters Parameters => inner.Parameters;

    public HostRegion HostMemory => inner.HostMemory;

    public DevicePublicStatus PublicStatus => inner.PublicStatus;

    public ITraceSink? Trace { get => inner.Trace; set => inner.Trace = value; }

    public void OpenSession(ReadOnlySpan<byte> clientHello, Span<byte> deviceHello)
    {
        Enter("hello");
        try
        {
            inner.OpenSession(clientHello, deviceHello);
        }
        finally
        {
            Leave();
        }
    }

    public void InitialiseSealed(ReadOnlySpan<byte> loadFrame)
    {
        Enter("load frame");
        try
        {
            Thread.Sleep(loadTime);
            inner.InitialiseSealed(loadFrame);
            Volatile.Write(ref _loaded, true);
        }
        finally
        {
            Leave();
        }
    }

    public int ExecuteSealed(ReadOnlySpan<byte> commandFrame, Span<byte> responseFrame)
    {
        Enter("command frame");
        try
        {
            if (!Volatile.Read(ref _loaded))
            {
                Record("a command frame arrived before the load completed");
            }

            return inner.ExecuteSealed(commandFrame, responseFrame);
        }
        finally
        {
            Leave();
        }
    }

    public void Initialise(ReadOnlySpan<byte> putRecords) => inner.Initialise(putRecords);

    public void InitialisePart(ReadOnlySpan<byte> putRecords) => inner.InitialisePart(putRecords);

    public void Execute(ReadOnlySpan<byte> commands, Span<byte> responses) => inner.Execute(commands, responses);

    public void Dispose() => inner.Dispose();

    private void Enter(string call)
    {
        if (Interlocked.Increment(ref _inCall) > 1)
        {
            Record($"a {call} arrived while another call was being served");
        }
    }

    private void Leave() => Interlocked.Decrement(ref _inCall);

    private void Record(string violation)
    {
        lock (Violations)
        {
            Violations.Add(violation);
        }
    }
}

using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Core.Device;
using Bolt.Core.Trace;
using Bolt.Sim;

namespace Bolt.Tests.Client;

/// <summary>What the untrusted host does to the next sealed frame it relays.</summary>
public enum Attack
{
    None,
    ReplayPreviousCommand,
    FlipCommandBit,
    TruncateCommand,
    FlipResponseBit,
    ReplayPreviousResponse,

    /// <summary>Keeps the command frame back (see <see cref="HostileRelay.DeliverWithheld"/>) and hands the client the previous response.</summary>
    WithholdCommand,

    /// <summary>Keeps the command frame back and claims the device no longer knows the session.</summary>
    WithholdClaimingUnknownSession,
}

/// <summary>
/// The untrusted host runtime between an <see cref="Bolt.Client.ObliviousMap"/> and a simulated device: it relays
/// sealed frames, and on request attacks the next one (or every one, while <see cref="Persist"/> is set), or holds
/// a call until released (for async tests).
/// </summary>
internal sealed class HostileRelay(SimulatedDevice inner) : IBoltDevice
{
    private byte[]? _lastCommand;
    private byte[]? _lastResponse;

    public Attack Next { get; set; }

    /// <summary>Keeps <see cref="Next"/> for every frame instead of only the next one.</summary>
    public bool Persist { get; set; }

    /// <summary>The first command frame the host kept back, for a late delivery.</summary>
    public byte[]? Withheld { get; private set; }

    public ManualResetEventSlim? Hold { get; set; }

    public ManualResetEventSlim Entered { get; } = new();

    public int SealedCalls { get; private set; }

    public bool Disposed { get; private set; }

    public SimulatedDevice Inner => inner;

    public string Name => "hostile:" + inner.Name;

    public BoltParameters Parameters => inner.Parameters;

    public HostRegion HostMemory => inner.HostMemory;

    public ITraceSink? Trace { get => inner.Trace; set => inner.Trace = value; }

    public void Initialise(ReadOnlySpan<byte> putRecords) => inner.Initialise(putRecords);

    public void InitialisePart(ReadOnlySpan<byte> putRecords) => inner.InitialisePart(putRecords);

    public void Execute(ReadOnlySpan<byte> commands, Span<byte> responses) => inner.Execute(commands, responses);

    public void OpenSession(ReadOnlySpan<byte> clientHello, Span<byte> deviceHello) => inner.OpenSession(clientHello, deviceHello);

    public void InitialiseSealed(ReadOnlySpan<byte> loadFrame) => inner.InitialiseSealed(loadFrame);

    public int ExecuteSealed(ReadOnlySpan<byte> commandFrame, Span<byte> responseFrame)
    {
        Entered.Set();
        Hold?.Wait();
        SealedCalls++;
        var attack = Next;
        Next = Persist ? attack : Attack.None;
        var frame = commandFrame.ToArray();
        if (attack is Attack.WithholdCommand or Attack.WithholdClaimingUnknownSession)
        {
            Withheld ??= frame;
            if (attack == Attack.WithholdClaimingUnknownSession)
            {
                throw new ChannelViolationException(ChannelFault.UnknownSession, "The host claims the session is gone.");
            }

            _lastResponse!.CopyTo(responseFrame);
            return _lastResponse!.Length;
        }

        switch (attack)
        {
            case Attack.ReplayPreviousCommand:
                frame = _lastCommand!;
                break;
            case Attack.FlipCommandBit:
                frame[FrameLayout.HeaderBytes + 3] ^= 0x10;
                break;
            case Attack.TruncateCommand:
                frame = frame[..^1];
                break;
        }

        _lastCommand = commandFrame.ToArray();
        int length = inner.ExecuteSealed(frame, responseFrame);
        switch (attack)
        {
            case Attack.FlipResponseBit:
                responseFrame[length - 1] ^= 0x01;
                break;
            case Attack.ReplayPreviousResponse:
                _lastResponse!.CopyTo(responseFrame);
                length = _lastResponse!.Length;
                break;
        }

        _lastResponse = responseFrame[..length].ToArray();
        return length;
    }

    /// <summary>Delivers the withheld frame late, as the host may at any time; returns the device's answer length.</summary>
    public int DeliverWithheld(Span<byte> responseFrame) => inner.ExecuteSealed(Withheld!, responseFrame);

    public void Dispose()
    {
        Disposed = true;
        Entered.Dispose();
        inner.Dispose();
    }
}

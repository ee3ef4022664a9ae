using System.Security.Cryptography;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Device;
using Bolt.Sim;
using Bolt.Workloads;
using Xunit;

namespace Bolt.Tests.Bench;

/// <summary>
/// The YCSB driver runs its half (encode the next round, check the last) on a second core. That must change
/// nothing but the wall time: the device sees the same batches, byte for byte, and the verdicts are the same —
/// including a wrong answer, which both drivers must catch.
/// </summary>
public sealed class YcsbRunnerTests
{
    [Theory]
    [InlineData(1, 3000)]
    [InlineData(64, 20000)]
    [InlineData(2000, 9000)]
    public void Pipelined_driver_sends_the_same_batches_and_gives_the_same_verdicts(int batch, long ops)
    {
        var options = new YcsbOptions { Ops = ops, Batch = batch, Seed = 7 };
        var (oneCore, oneCoreCalls) = Run(options, pipelined: false, corruptCall: -1);
        var (twoCores, twoCoreCalls) = Run(options, pipelined: true, corruptCall: -1);

        Assert.Equal(oneCoreCalls, twoCoreCalls);
        Assert.Equal((oneCore.Ops, oneCore.Mismatches, oneCore.Errors), (twoCores.Ops, twoCores.Mismatches, twoCores.Errors));
        Assert.Equal((ops, 0L, 0L), (twoCores.Ops, twoCores.Mismatches, twoCores.Errors));
        Assert.Equal((int)((ops + batch - 1) / batch), twoCoreCalls.Count);
    }

    [Fact]
    public void Both_drivers_catch_a_wrong_answer()
    {
        var options = new YcsbOptions { Ops = 20000, Batch = 64, Seed = 7, ReadRatio = 1.0 };
        var (oneCore, _) = Run(options, pipelined: false, corruptCall: 150);
        var (twoCores, _) = Run(options, pipelined: true, corruptCall: 150);

        Assert.Equal(1, oneCore.Mismatches);
        Assert.Equal(1, twoCores.Mismatches);
    }

    private static (YcsbOutcome Outcome, List<string> Calls) Run(YcsbOptions options, bool pipelined, int corruptCall)
    {
        var parameters = new BoltParameters(capacity: 1 << 12);
        using var device = new SimulatedDevice(new SimulatedDeviceOptions
        {
            Parameters = parameters,
            Seed = SimulatedDeviceOptions.InsecureFixedKey(3),
            Lifetime = new byte[16],
        });
        var recorder = new RecordingPort(device, corruptCall);
        var outcome = new YcsbRunner(recorder, options) { Pipelined = pipelined }.Run();
        return (outcome, recorder.Calls);
    }

    /// <summary>Passes calls through, keeping a digest of each batch's commands; can flip a byte of one get's value.</summary>
    private sealed class RecordingPort(IRecordPort inner, int corruptCall) : IRecordPort
    {
        public List<string> Calls { get; } = [];

        public string Name => inner.Name;

        public BoltParameters Parameters => inner.Parameters;

        public void Initialise(ReadOnlySpan<byte> putRecords) => inner.Initialise(putRecords);

        public void InitialisePart(ReadOnlySpan<byte> putRecords) => inner.InitialisePart(putRecords);

        public void Execute(ReadOnlySpan<byte> commands, Span<byte> responses)
        {
            Calls.Add($"{commands.Length}:{Convert.ToHexString(SHA256.HashData(commands))}");
            inner.Execute(commands, responses);
            if (Calls.Count - 1 == corruptCall)
            {
                responses[ResponseLayout.ValueOffset] ^= 1;
            }
        }
    }
}

using Bolt.Bench.Rules;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Sim.Timing.Platforms;
using Xunit;

namespace Bolt.Tests.Bench;

/// <summary>
/// The comparison models are real maps: a seeded mix of gets, inserts, updates and deletes over present and
/// absent keys agrees with a dictionary; and each model moves the traffic its rule says.
/// </summary>
public sealed class RuleModelTests
{
    private static readonly BoltParameters P = new(capacity: 4096, valueSize: 16, hbmFraction: 0.2);

    public static TheoryData<DeviceRule> Models => [DeviceRule.Paper, DeviceRule.Plain];

    [Theory]
    [MemberData(nameof(Models))]
    public void A_random_mix_agrees_with_a_dictionary(DeviceRule rule)
    {
        using var device = Create(rule);
        var random = new Random(5);
        var reference = new Dictionary<ulong, byte[]>();
        var load = new byte[2000 * P.CommandBytes];
        for (int i = 0; i < 2000; i++)
        {
            var value = Value(random);
            reference[(ulong)i] = value;
            CommandLayout.Write(load.AsSpan(i * P.CommandBytes, P.CommandBytes), OpCode.Put, Digest((ulong)i), value);
        }

        device.InitialisePart(load.AsSpan(0, 1000 * P.CommandBytes));
        device.Initialise(load.AsSpan(1000 * P.CommandBytes));
        var command = new byte[P.CommandBytes];
        var response = new byte[P.ResponseBytes];
        for (int op = 0; op < 30_000; op++)
        {
            ulong key = (ulong)random.Next(3000);
            var kind = (OpCode)random.Next(1, 4);
            var value = Value(random);
            CommandLayout.Write(command, kind, Digest(key), kind == OpCode.Put ? value : default);
            device.Execute(command, response);
            bool present = reference.TryGetValue(key, out var expected);
            Assert.Equal(present, ResponseLayout.ReadWasPresent(response));
            switch (kind)
            {
                case OpCode.Get:
                    Assert.Equal(present ? DeviceStatus.Ok : DeviceStatus.NotFound, ResponseLayout.ReadStatus(response));
                    Assert.Equal(present ? expected : [], ResponseLayout.ReadValue(response).ToArray());
                    break;
                case OpCode.Put:
                    Assert.Equal(DeviceStatus.Ok, ResponseLayout.ReadStatus(response));
                    reference[key] = value;
                    break;
                default:
                    Assert.Equal(present ? DeviceStatus.Ok : DeviceStatus.NotFound, ResponseLayout.ReadStatus(response));
                    reference.Remove(key);
                    break;
            }
        }
    }

    [Fact]
    public void The_paper_rule_flushes_as_many_pages_as_two_random_bins_have_host_bins()
    {
        using var device = (PaperRuleDevice)Create(DeviceRule.Paper);
        Run(device, 20_000);
        var s = device.Statistics;
        int pageBytes = P.SlotsPerBin * P.SlotBytes;

        // Each flush reads and writes a page; a home read only reads. Writes per op = flushes per op = 2(1 − α).
        double homeReads = s.PagesTouchedPerOp - (s.PageBytesPerOp - (s.PagesTouchedPerOp * pageBytes)) / pageBytes;
        double flushes = s.PagesTouchedPerOp - homeReads;
        Assert.InRange(flushes, 2 * (1 - P.HbmFraction) - 0.05, 2 * (1 - P.HbmFraction) + 0.05);
        Assert.InRange(homeReads, 0.3, 1.0);
    }

    [Fact]
    public void The_plain_baseline_moves_no_host_page()
    {
        using var device = Create(DeviceRule.Plain);
        Run(device, 5_000);
        Assert.Equal(0, device.Statistics.PageBytesPerOp);
        Assert.Equal(P.CommandBytes + P.ResponseBytes, device.Statistics.HostBytesPerOp);
    }

    private static IModeledDevice Create(DeviceRule rule) => rule == DeviceRule.Paper
        ? new PaperRuleDevice(P, AlveoU55C.Preset, 7)
        : new PlainHbmDevice(P, AlveoU55C.Preset);

    private static void Run(IModeledDevice device, int ops)
    {
        var load = new byte[P.Capacity * P.CommandBytes];
        for (int i = 0; i < P.Capacity; i++)
        {
            CommandLayout.Write(load.AsSpan(i * P.CommandBytes, P.CommandBytes), OpCode.Put, Digest((ulong)i), [1]);
        }

        device.Initialise(load);
        var random = new Random(3);
        var commands = new byte[64 * P.CommandBytes];
        var responses = new byte[64 * P.ResponseBytes];
        for (int done = 0; done < ops; done += 64)
        {
            for (int i = 0; i < 64; i++)
            {
                CommandLayout.Write(commands.AsSpan(i * P.CommandBytes, P.CommandBytes), OpCode.Get, Digest((ulong)random.Next(P.Capacity)), default);
            }

            device.Execute(commands, responses);
        }
    }

    private static Digest128 Digest(ulong key) => new((key + 1) * 0x9E3779B97F4A7C15, key ^ 0x5555);

    private static byte[] Value(Random random)
    {
        var value = new byte[random.Next(0, P.ValueSize + 1)];
        random.NextBytes(value);
        return value;
    }
}

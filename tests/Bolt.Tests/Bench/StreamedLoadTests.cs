using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Core.Trace;
using Bolt.Sim;
using Xunit;

namespace Bolt.Tests.Bench;

/// <summary>A bulk load streamed in parts places exactly as one whole load, on the record port and through sealed frames.</summary>
public sealed class StreamedLoadTests
{
    private static readonly BoltParameters P = new(capacity: 2048, valueSize: 24);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(500)]
    [InlineData(2000)]
    public void Parts_of_any_size_leave_the_same_host_memory_and_answers_as_one_load(int partRecords)
    {
        var load = Load(2000);
        using var whole = Device();
        whole.Initialise(load);
        using var streamed = Device();
        var trace = new TraceBuffer();
        streamed.Trace = trace;
        int records = load.Length / P.CommandBytes;
        int first = 0;
        for (; first + partRecords < records; first += partRecords)
        {
            streamed.InitialisePart(load.AsSpan(first * P.CommandBytes, partRecords * P.CommandBytes));
        }

        streamed.Initialise(load.AsSpan(first * P.CommandBytes));
        Assert.True(whole.HostMemory.SequenceEqual(streamed.HostMemory));
        Assert.Equal((records + partRecords - 1) / partRecords, trace.Rows.Count(r => r.Kind == TraceKind.CMD));
        Assert.Equal(Answers(whole), Answers(streamed));
    }

    [Fact]
    public void A_bad_item_in_a_later_part_empties_the_device_and_a_new_load_succeeds()
    {
        var load = Load(100);
        using var device = Device();
        device.InitialisePart(load.AsSpan(0, 60 * P.CommandBytes));
        var repeat = load.AsSpan(0, 10 * P.CommandBytes).ToArray();
        var e = Assert.Throws<BulkLoadException>(() => device.InitialisePart(repeat));
        Assert.Equal(DeviceStatus.InvalidKey, e.Status);
        Assert.True(device.HostMemory.IsAllZero());
        device.InitialisePart(load.AsSpan(0, 50 * P.CommandBytes));
        device.Initialise(load.AsSpan(50 * P.CommandBytes));
        Assert.Equal(100, device.Engine.Counters.Items);
    }

    [Fact]
    public void A_load_streamed_through_sealed_part_frames_equals_one_sealed_load_frame()
    {
        var load = Load(1000);
        using var whole = Device();
        ChannelSession.Open(whole, ProvisioningKey(whole)).Load(load);
        using var streamed = Device();
        var session = ChannelSession.Open(streamed, ProvisioningKey(streamed));
        session.Load(load.AsSpan(0, 300 * P.CommandBytes), lastPart: false);
        session.Load(load.AsSpan(300 * P.CommandBytes, 300 * P.CommandBytes), lastPart: false);
        session.Load(load.AsSpan(600 * P.CommandBytes), lastPart: true);
        Assert.True(whole.HostMemory.SequenceEqual(streamed.HostMemory));
    }

    [Fact]
    public void The_host_cannot_turn_a_load_part_into_the_end_of_the_load()
    {
        var load = Load(10);
        using var device = Device();
        var session = ChannelSession.Open(device, ProvisioningKey(device));
        var frame = new byte[FrameLayout.Bytes(10, P.CommandBytes)];
        session.SealLoad(load, frame, lastPart: false);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(FrameLayout.KindOffset), (uint)FrameKind.Load);
        var e = Assert.Throws<ChannelViolationException>(() => device.InitialiseSealed(frame));
        Assert.Equal(ChannelFault.BadTag, e.Fault);
        Assert.Equal(0, device.Engine.Counters.Items);
    }

    // Both sides of each comparison must share a lifetime, or their PRNG draws and page keys differ (SPEC §3).
    private static SimulatedDevice Device() => new(new SimulatedDeviceOptions { Parameters = P, Seed = SimulatedDeviceOptions.InsecureFixedKey(9), Lifetime = "STREAMED-LOAD-01"u8.ToArray() });

    private static byte[] ProvisioningKey(SimulatedDevice device)
    {
        Assert.NotNull(device);
        return ChannelKdf.ProvisioningKey(SimulatedDeviceOptions.InsecureFixedKey(9));
    }

    private static byte[] Load(int items)
    {
        var load = new byte[items * P.CommandBytes];
        for (int i = 0; i < items; i++)
        {
            CommandLayout.Write(load.AsSpan(i * P.CommandBytes, P.CommandBytes), OpCode.Put, new Digest128((ulong)(i + 1) * 0x9E3779B97F4A7C15, (ulong)i), BitConverter.GetBytes(i));
        }

        return load;
    }

    private static byte[] Answers(SimulatedDevice device)
    {
        var commands = new byte[64 * P.CommandBytes];
        for (int i = 0; i < 64; i++)
        {
            CommandLayout.Write(commands.AsSpan(i * P.CommandBytes, P.CommandBytes), OpCode.Get, new Digest128((ulong)(i * 31 + 1) * 0x9E3779B97F4A7C15, (ulong)(i * 31)), default);
        }

        var responses = new byte[64 * P.ResponseBytes];
        device.Execute(commands, responses);
        return responses;
    }
}

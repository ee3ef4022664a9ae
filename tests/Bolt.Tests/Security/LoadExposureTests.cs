using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Sim;
using Bolt.Tests.Engine;
using Xunit;

namespace Bolt.Tests.Security;

/// <summary>
/// The host region during a bulk load: the host may read its memory at any moment, so while a streamed load is
/// between parts nothing of the loaded items (digests, values) may be there, and after the load every page is
/// sealed. The positive control is the completed load's plaintext itself, found by the same scan when it is put
/// where the host can read it.
/// </summary>
public sealed class LoadExposureTests
{
    private static readonly BoltParameters P = new(capacity: 4096, valueSize: 16);

    [Fact]
    public void Between_the_parts_of_a_streamed_load_the_host_region_holds_nothing_of_the_loaded_items()
    {
        var (load, secrets) = Load(3000);
        using var device = Device();
        device.InitialisePart(load.AsSpan(0, 2000 * P.CommandBytes));

        Assert.True(device.HostMemory.IsAllZero(), "the host region changed before any page was sealed");
        Assert.Equal(0, Found(device.HostMemory.ToArray(), secrets));

        device.Initialise(load.AsSpan(2000 * P.CommandBytes));
        Assert.Equal(0, Found(device.HostMemory.ToArray(), secrets));
    }

    [Fact]
    public void No_checkpoint_is_taken_in_the_middle_of_a_streamed_load_so_none_ever_carries_its_plaintext()
    {
        var (load, _) = Load(300);
        using var device = Device();
        device.InitialisePart(load.AsSpan(0, 200 * P.CommandBytes));
        Assert.True(device.LoadInProgress);
        Assert.Throws<DeviceStateException>(() => device.WriteCheckpoint(new MemoryStream(), 1, 0));

        device.Initialise(load.AsSpan(200 * P.CommandBytes));
        Assert.False(device.LoadInProgress);
        using var image = new MemoryStream();
        device.WriteCheckpoint(image, 1, 0);
        Assert.True(image.Length > 0);
    }

    [Fact]
    public void The_scan_finds_the_items_when_their_plaintext_is_in_the_region()
    {
        // Positive control: the digests and values written as plain slots are found, so a scan of zero means none are there.
        var (load, secrets) = Load(200);
        var plain = new byte[200 * P.SlotBytes];
        for (int i = 0; i < 200; i++)
        {
            var record = load.AsSpan(i * P.CommandBytes, P.CommandBytes);
            var digest = CommandLayout.ReadDigest(record);
            SlotLayout.Write(plain.AsSpan(i * P.SlotBytes, P.SlotBytes), digest.Lo, digest.Hi, record.Slice(CommandLayout.ValueOffset, P.ValueSize));
        }

        Assert.Equal(secrets.Count, Found(plain, secrets));
    }

    private static SimulatedDevice Device() => new(new SimulatedDeviceOptions { Parameters = P, Seed = SimulatedDeviceOptions.InsecureFixedKey(5), Lifetime = "LOAD-EXPOSURE-01"u8.ToArray() });

    /// <summary>Put records of distinct keys with 16-byte random values, and every digest and value as a byte string to look for.</summary>
    private static (byte[] Load, List<byte[]> Secrets) Load(int items)
    {
        var random = new Random(17);
        var load = new byte[items * P.CommandBytes];
        var secrets = new List<byte[]>();
        var value = new byte[P.ValueSize];
        for (int i = 0; i < items; i++)
        {
            random.NextBytes(value);
            var digest = DeviceHarness.DigestOf(i);
            CommandLayout.Write(load.AsSpan(i * P.CommandBytes, P.CommandBytes), OpCode.Put, digest, value);
            var digestBytes = new byte[16];
            BitConverter.TryWriteBytes(digestBytes.AsSpan(0, 8), digest.Lo);
            BitConverter.TryWriteBytes(digestBytes.AsSpan(8, 8), digest.Hi);
            secrets.Add(digestBytes);
            secrets.Add((byte[])value.Clone());
        }

        return (load, secrets);
    }

    private static int Found(byte[] region, List<byte[]> secrets) => secrets.Count(s => region.AsSpan().IndexOf(s) >= 0);
}

using Bolt.Core;
using Bolt.OpenCl.Calibration;
using Bolt.OpenCl.Cosim;
using Bolt.Sim;
using Bolt.Sim.Timing.Platforms;
using Xunit;

namespace Bolt.Tests.Kernel;

/// <summary>
/// `bolt calibrate`'s pipeline on PoCL: the calibration kernel runs, its timings become a preset file, and the
/// simulator loads that file and schedules with it. The numbers are a CPU's, not a U55C's; only a board gives those.
/// </summary>
public sealed class CalibrationTests
{
    [Fact]
    public void Measurements_become_a_preset_file_the_simulator_loads_and_schedules_with()
    {
        using var calibrator = new PlatformCalibrator("Portable", null, lines: 4096);
        var measured = calibrator.Measure(repetitions: 2);
        Assert.True(measured.HbmChaseNs > 0 && measured.HostChaseNs > 0);
        Assert.True(measured.HbmReadBytesPerSecond > 0 && measured.HostReadBytesPerSecond > 0 && measured.HostWriteBytesPerSecond > 0);

        // A deliberately slow platform, so the schedule visibly follows the file.
        var slow = measured with { HbmChaseNs = 10_000, HostChaseNs = 50_000 };
        string path = Path.GetTempFileName();
        try
        {
            PlatformPresetFile.Save(path, slow.ToPreset(AlveoU55C.Preset, "slow"), slow.Named(), "test");
            var loaded = PlatformPresetFile.Load(path);
            Assert.Equal("slow", loaded.Name);
            Assert.Equal(3000, loaded.HbmReadLatencyCycles);
            Assert.Equal(50_000, loaded.PcieRoundTripNs);

            Assert.True(LastCycle(loaded) > LastCycle(AlveoU55C.Preset));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"measured\":{}}")]
    [InlineData("{\"preset\":{\"name\":\"x\",\"kernelClockHz\":0,\"hbmPseudoChannels\":32,\"hbmChannelBytesPerSecond\":1,\"hbmPortBytesPerCycle\":64,\"hbmReadLatencyCycles\":1,\"pcieBytesPerSecond\":1,\"pcieRoundTripNs\":1,\"aesGcmFillCycles\":1,\"aesGcmBytesPerCycle\":16,\"modifyCyclesPerSlot\":4,\"hostTurnaroundNs\":1}}")]
    [InlineData("{\"preset\":{\"name\":\"x\"}}")]
    public void A_bad_preset_file_is_a_typed_configuration_error(string json)
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, json);
            var e = Assert.Throws<BoltConfigurationException>(() => PlatformPresetFile.Load(path));
            Assert.Equal("platform", e.Parameter);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static long LastCycle(Bolt.Sim.Timing.PlatformPreset preset)
    {
        var p = new BoltParameters(capacity: 256);
        var workload = CosimWorkload.Create(p, seed: 3, ops: 64, batch: 64);
        using var sim = new SimulatedDevice(new SimulatedDeviceOptions { Parameters = p, Platform = preset });
        return DeviceRun.Capture(sim, workload).Trace[^1].Cycle;
    }
}

using System.CommandLine;
using Bolt.OpenCl.Calibration;
using Bolt.Sim.Timing.Platforms;

namespace Bolt.Cli.Commands;

/// <summary>
/// `bolt calibrate`: runs the calibration kernel (pointer chase and bursts on the HBM port and the host-memory port)
/// on an OpenCL device or a board's calibrate.xclbin and writes a platform preset file the simulator can load
/// (`bolt info --platform FILE`, SimulatedDeviceOptions.Platform = PlatformPresetFile.Load(FILE)).
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The preset file to write (JSON; - for stdout)", Required = true };
        var platform = new Option<string?>("--opencl-platform") { Description = "OpenCL platform whose name contains this text (e.g. Xilinx, Portable)" };
        var xclbin = new Option<string?>("--xclbin") { Description = "The calibration .xclbin (hardware/u55c: make calibrate) instead of building from source" };
        var lines = new Option<long>("--lines") { Description = "64-byte lines in each chase buffer (larger than the device's caches)", DefaultValueFactory = _ => 1 << 16 };
        var repetitions = new Option<int>("--repetitions") { Description = "Runs of each length; the fastest is kept", DefaultValueFactory = _ => 5 };
        var name = new Option<string?>("--name") { Description = "The preset's name (default: calibrated-<device>)" };
        var command = new Command("calibrate", "Measure the platform's memory latencies and bandwidths and write a platform preset file") { output, platform, xclbin, lines, repetitions, name };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            string path = result.GetValue(output)!;
            using var file = OutputPaths.OpenFile(path, "--out");
            using var calibrator = new PlatformCalibrator(result.GetValue(platform), result.GetValue(xclbin), result.GetValue(lines));
            var measured = calibrator.Measure(result.GetValue(repetitions));
            string presetName = result.GetValue(name) ?? "calibrated-" + calibrator.DeviceName.Replace(':', '-');
            var preset = measured.ToPreset(AlveoU55C.Preset, presetName);
            PlatformPresetFile.Save(file, preset, measured.Named(),
                $"bolt calibrate on {calibrator.DeviceName}, {result.GetValue(lines)} lines; unmeasured fields from the u55c preset");
            Console.Error.WriteLine($"{calibrator.DeviceName}: {measured}");
            Console.Error.WriteLine($"wrote {path} (HBM read latency {preset.HbmReadLatencyCycles} cycles at {preset.KernelClockHz / 1e6} MHz)");
            return ExitCodes.Ok;
        }));
        return command;
    }
}

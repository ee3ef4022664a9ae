using System.CommandLine;
using System.Text.Json;
using Bolt.OpenCl;
using Bolt.Core;
using Bolt.OpenCl.Cosim;
using Bolt.OpenCl.Xrt;
using Spectre.Console;

namespace Bolt.Cli.Commands;

/// <summary>
/// `bolt cosim`: one mixed workload and seed on the simulator, the kernel on OpenCL and the kernel in the
/// g++ C-simulation, each on the plaintext record port and over the sealed channel; compares responses, every
/// trace row (cycles exactly), the final host memory, and the device hello and sealed response frames byte for byte.
/// </summary>
internal static class CosimCommand
{
    public static Command Create()
    {
        var options = new WorkloadOptions();
        var ops = new Option<int>("--ops") { Description = "Commands after the bulk load (which fills half the capacity)", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<long>("--seed") { Description = "Seed of the device key and the workload", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch") { Description = "Commands per batch", DefaultValueFactory = _ => 64 };
        var csim = new Option<string?>("--csim") { Description = "The bolt-csim binary (default: build hardware/csim with make)" };
        var noCsim = new Option<bool>("--no-csim") { Description = "Leave the C-simulation out" };
        var hlsTop = new Option<bool>("--hls-top") { Description = "Also co-simulate the Vitis HLS top (hardware/hls) in the C-simulation testbench (built with make)" };
        var noOpenCl = new Option<bool>("--no-opencl") { Description = "Leave the OpenCL device out" };
        var noSealed = new Option<bool>("--no-sealed") { Description = "Leave the sealed-channel runs out (plaintext record port only)" };
        var platform = new Option<string?>("--opencl-platform") { Description = "OpenCL platform whose name contains this text (default: the first with a device)" };
        var xclbin = new Option<string?>("--xclbin") { Description = "Run the kernel from this .xclbin (XRT) instead of building it from source" };
        var xrtShim = new Option<string?>("--xrt-shim") { Description = "With --xclbin: drive it through XRT's native API with this shim (hardware/xrt/build/libbolt_xrt.so) instead of OpenCL" };
        var xrtKernel = new Option<string>("--xrt-kernel") { Description = "With --xrt-shim: the kernel in the .xclbin: bolt_hls_top (the HLS top, hardware/u55c's default build) or bolt_kernel", DefaultValueFactory = _ => KernelSource.HlsTopEntryPoint };
        var framesPerCall = new Option<int>("--frames-per-call") { Description = "Sealed frames per device call: 1, or more to co-simulate multi-frame submission (BOLT_MODE_EXECUTE_FRAMES)", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a summary" };
        var command = new Command("cosim", "Co-simulate the kernel (OpenCL and g++ C-sim) against the simulator on one workload, bit for bit");
        options.AddTo(command, workload: false);
        command.Add(ops);
        command.Add(seed);
        command.Add(batch);
        command.Add(csim);
        command.Add(noCsim);
        command.Add(hlsTop);
        command.Add(noOpenCl);
        command.Add(noSealed);
        command.Add(framesPerCall);
        command.Add(platform);
        command.Add(xclbin);
        command.Add(xrtShim);
        command.Add(xrtKernel);
        command.Add(json);
        command.SetAction(result => CliErrors.Guard(() =>
        {
            var parameters = options.Parameters(result);
            var timing = options.Platform(result);
            if (result.GetValue(noCsim) && result.GetValue(noOpenCl) && !result.GetValue(hlsTop))
            {
                throw new Core.BoltConfigurationException("--no-opencl",
                    "--no-csim with --no-opencl leaves nothing to compare the simulator with; drop one of them.");
            }

            if (result.GetValue(framesPerCall) < 1 || (result.GetValue(framesPerCall) > 1 && result.GetValue(noSealed)))
            {
                throw new Core.BoltConfigurationException("--frames-per-call",
                    "--frames-per-call must be at least 1, and above 1 it needs the sealed runs (drop --no-sealed).");
            }

            var workload = CosimWorkload.Create(parameters, result.GetValue(seed), result.GetValue(ops), result.GetValue(batch));
            var devices = new List<Func<CosimKeys, Bolt.Core.Device.IBoltDevice>>();
            if (!result.GetValue(noOpenCl) && result.GetValue(xrtShim) is { } shim)
            {
                string file = result.GetValue(xclbin) ?? throw new BoltConfigurationException("--xrt-shim", "--xrt-shim drives an .xclbin through XRT: give it with --xclbin.");
                devices.Add(keys => new XrtDevice(new XrtDeviceOptions { Parameters = parameters, Seed = keys.Seed, Lifetime = keys.Lifetime, XclbinPath = file, ShimLibrary = shim, KernelName = result.GetValue(xrtKernel)!, Timing = timing }));
            }
            else if (!result.GetValue(noOpenCl))
            {
                devices.Add(keys => new OpenClDevice(new OpenClDeviceOptions
                {
                    Parameters = parameters,
                    Seed = keys.Seed,
                    Lifetime = keys.Lifetime,
                    PlatformName = result.GetValue(platform),
                    XclbinPath = result.GetValue(xclbin),
                    Timing = timing,
                }));
            }

            var runners = new List<CsimRunner>();
            if (!result.GetValue(noCsim))
            {
                runners.Add(result.GetValue(csim) is { } path ? new CsimRunner(path) : CsimRunner.Build());
            }

            if (result.GetValue(hlsTop))
            {
                runners.Add(CsimRunner.BuildHlsTop());
            }

            var report = CosimRunner.Run(workload, result.GetValue(seed), devices, runners, includeSealed: !result.GetValue(noSealed), platform: timing, framesPerCall: result.GetValue(framesPerCall));
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report));
            }
            else
            {
                Print(report);
            }

            return report.AllEqual ? ExitCodes.Ok : ExitCodes.CheckFailed;
        }));
        return command;
    }

    private static void Print(CosimReport report)
    {
        static string Mark(bool ok) => ok ? "[green]equal[/]" : "[red]DIFFERENT[/]";
        AnsiConsole.MarkupLine($"devices      {Markup.Escape(string.Join(", ", report.Devices))}");
        AnsiConsole.MarkupLine($"ops          {report.Ops} (+ bulk load), {report.TraceRows} trace rows each");
        AnsiConsole.MarkupLine($"responses    {Mark(report.ResponsesEqual)}");
        AnsiConsole.MarkupLine($"trace        {Mark(report.TraceEqual)} (op, kind, address, bytes)");
        AnsiConsole.MarkupLine($"cycles       {Mark(report.CyclesEqual)} (tolerance 0)");
        AnsiConsole.MarkupLine($"host memory  {Mark(report.HostMemoryEqual)}");
        if (report.SealedDevices.Count > 0)
        {
            AnsiConsole.MarkupLine($"sealed       {Markup.Escape(string.Join(", ", report.SealedDevices))}");
            AnsiConsole.MarkupLine($"frames       {Mark(report.SealedFramesEqual)} (device hello and response frames, byte for byte)");
            AnsiConsole.MarkupLine(report.FramesPerCall == 1
                ? $"sealed runs  {Mark(report.SealedEqual)} (opened responses, trace with cycles, host memory vs the plaintext port)"
                : $"sealed runs  {Mark(report.SealedEqual)} ({report.FramesPerCall} frames per call: opened responses vs the plaintext port, trace with cycles and host memory vs the simulator's sealed run)");
        }
        foreach (var t in report.Timings)
        {
            AnsiConsole.MarkupLine($"time         {Markup.Escape(t.Device)}: load {t.InitSeconds:F3} s, batches {t.ExecuteSeconds:F3} s = {t.MicrosecondsPerOp:F1} µs/op");
            if (t.Kernel is { Launches: > 0 } k)
            {
                string kernel = k.KernelSeconds is null ? "kernel time not profiled by this runtime" : $"kernel {t.KernelMicrosecondsPerOp:F1} µs/op, host turnaround {k.TurnaroundMicrosecondsPerLaunch:F1} µs/launch";
                AnsiConsole.MarkupLine($"             {k.Launches} launches: {Markup.Escape(kernel)}");
            }
        }

        if (report.FirstDivergence is { } d)
        {
            AnsiConsole.MarkupLine($"[red]first divergence[/] {Markup.Escape(d.ToString())}");
        }
    }
}

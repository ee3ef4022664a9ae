using System.Diagnostics;
using Bolt.Core;
using Bolt.Core.Trace;
using Bolt.Sim.Timing;

namespace Bolt.OpenCl.Cosim;

/// <summary>
/// Runs the g++ C-simulation (hardware/csim/bolt-csim) on a workload: builds it with make when needed, writes
/// the input file, runs the binary and reads back responses, trace CSV and final host memory. The same testbench
/// also drives the Vitis HLS top (hardware/hls/bolt_hls_top.cpp) instead of bolt_kernel(): <see cref="BuildHlsTop"/>.
/// </summary>
public sealed class CsimRunner
{
    // Tests build in parallel; make on one folder must not run twice at once.
    private static readonly Lock BuildLock = new();
    private readonly string _binary;

    /// <summary>Uses an existing bolt-csim (or bolt-hls-csim) binary; <paramref name="name"/> names its runs.</summary>
    public CsimRunner(string binary, string name = "csim")
    {
        _binary = binary;
        Name = name;
    }

    /// <summary>The binary in use.</summary>
    public string Binary => _binary;

    /// <summary>The device name of its runs: "csim" (bolt_kernel) or "hls-csim" (the HLS top).</summary>
    public string Name { get; }

    /// <summary>
    /// Builds hardware/csim with make (a no-op when up to date) and returns a runner for it.
    /// <paramref name="extraDefines"/> (e.g. -DBOLT_FAULT_PRNG) builds into a separate folder.
    /// </summary>
    /// <exception cref="BoltException">No repository checkout was found, or the build failed.</exception>
    public static CsimRunner Build(string? repositoryRoot = null, string extraDefines = "") =>
        Build(repositoryRoot, extraDefines, "bolt-csim", "csim");

    /// <summary>
    /// Builds the same testbench around the Vitis HLS top (make target hls-csim: hardware/hls/bolt_hls_top.cpp compiled
    /// as Vitis HLS's C simulation compiles it, against the ap_uint / hls::stream stand-ins); its runs are named "hls-csim".
    /// </summary>
    /// <exception cref="BoltException">No repository checkout was found, or the build failed.</exception>
    public static CsimRunner BuildHlsTop(string? repositoryRoot = null, string extraDefines = "") =>
        Build(repositoryRoot, extraDefines, "bolt-hls-csim", "hls-csim");

    private static CsimRunner Build(string? repositoryRoot, string extraDefines, string binary, string name)
    {
        string root = repositoryRoot ?? FindRepositoryRoot();
        string csim = Path.Combine(root, "hardware", "csim");
        string folder = extraDefines.Length == 0 ? "build" : "build-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(extraDefines)))[..8].ToLowerInvariant();
        string target = folder + "/" + binary;
        int code;
        string output;
        lock (BuildLock)
        {
            (code, output) = HasMake()
                ? Exec("make", ["-s", "-C", csim, "BUILD=" + folder, "EXTRA_DEFS=" + extraDefines, target])
                : CompileWithoutMake(csim, folder, binary, extraDefines);
        }

        if (code != 0)
        {
            throw new BoltException($"Building the C-simulation failed (make -C {csim} {target}, exit {code}):\n{output}");
        }

        return new CsimRunner(Path.Combine(csim, folder, binary), name);
    }

    /// <summary>The repository root: the nearest folder above the working directory or this assembly that holds hardware/csim.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "hardware", "csim", "Makefile")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new BoltException("Cannot find the repository (a folder holding hardware/csim/Makefile) above the working directory; pass --csim PATH.");
    }

    /// <summary>
    /// Runs the workload; the device name is <see cref="Name"/>. With <paramref name="transcript"/> the C-sim is fed its
    /// sealed hello and frames instead of plaintext records (the device name then ends in "+sealed"), and with
    /// <paramref name="framesPerCall"/> above 1 it submits that many frames per kernel call (multi-frame submission,
    /// "+frames").
    /// </summary>
    public DeviceRun Run(CosimWorkload workload, CosimKeys keys, PlatformPreset platform, SealedTranscript? transcript = null, int framesPerCall = 1)
    {
        ArgumentNullException.ThrowIfNull(workload);
        string dir = Directory.CreateTempSubdirectory("bolt-csim-").FullName;
        try
        {
            string input = Path.Combine(dir, "input.bin");
            using (var file = File.Create(input))
            {
                CsimInput.Write(file, workload, keys, platform, transcript, framesPerCall);
            }

            // One process serves load and batches, so its time is reported as execute time (process start included).
            var clock = Stopwatch.StartNew();
            var (code, output) = Exec(_binary, [input, dir]);
            string name = Name + DeviceRun.Suffix(transcript is not null, framesPerCall);
            var timing = new DeviceTiming(name, 0, clock.Elapsed.TotalSeconds, workload.Ops);
            if (code != 0)
            {
                throw new BoltException($"The C-simulation failed (exit {code}): {output}");
            }

            List<TraceRow> trace;
            using (var reader = new StreamReader(Path.Combine(dir, "trace.csv")))
            {
                trace = CsvTraceReader.Read(reader);
            }

            var host = File.ReadAllBytes(Path.Combine(dir, "host.bin"));
            if (transcript is null)
            {
                return new DeviceRun(name, File.ReadAllBytes(Path.Combine(dir, "responses.bin")), trace, host, timing, []);
            }

            var frames = File.ReadAllBytes(Path.Combine(dir, "frames.bin"));
            return new DeviceRun(name, transcript.OpenResponses(frames), trace, host, timing, frames);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static bool HasMake() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(dir => File.Exists(Path.Combine(dir, "make")));

    // Hosts with g++ but no make (setup.sh installs g++ only): the Makefile's bolt-csim / bolt-hls-csim rules, by hand.
    private static (int Code, string Output) CompileWithoutMake(string csim, string folder, string binary, string extraDefines)
    {
        Directory.CreateDirectory(Path.Combine(csim, folder));
        string[] flags = ["-std=c++17", "-O2", "-Wall", "-Wextra", "-Werror", "-Wshadow", "-Wconversion", "-Wno-sign-conversion"];
        string[] hls = binary == "bolt-hls-csim"
            ? ["-DBOLT_CSIM_HLS_TOP", "-DBOLT_HLS_MAX_SLOTS_PER_BIN=32", "-DBOLT_MAX_SLOT_BYTES=128", "-I" + Path.Combine(csim, "..", "hls", "stand-in"), "-Wno-unknown-pragmas", "-Wno-unused-label"]
            : [];
        var defines = extraDefines.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Exec("g++", [.. flags, .. hls, .. defines, "-o", Path.Combine(csim, folder, binary), Path.Combine(csim, "bolt_csim.cpp")]);
    }

    private static (int Code, string Output) Exec(string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new BoltException($"Cannot start {file}.");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, (stdout + stderr.Result).Trim());
    }
}

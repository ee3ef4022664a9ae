using System.Diagnostics;
using Bolt.Core;
using Bolt.OpenCl.Cosim;
using Bolt.Sim.Timing.Platforms;

namespace Bolt.OpenCl.ConstantTime;

/// <summary>Runs an instrumented C-sim build under a valgrind tool on one workload, in a folder deleted afterwards.</summary>
internal static class Valgrind
{
    /// <summary>
    /// Writes the workload's C-sim input into a fresh folder, runs <c>valgrind TOOL-ARGS BINARY INPUT FOLDER</c>
    /// (<paramref name="toolArguments"/> gets the folder, for output files), and hands the folder and valgrind's
    /// stderr to <paramref name="read"/> before the folder goes. With <paramref name="sealedChannel"/> the workload
    /// reaches the kernel as the sealed frames of a deterministic client (a hello, the load frame, one command frame
    /// per batch), so the channel's code (bolt_channel.h) runs under the tool too.
    /// </summary>
    /// <exception cref="BoltException">valgrind is missing, or the C-sim failed under it.</exception>
    public static T Run<T>(string binary, CosimWorkload workload, byte[] key, Func<string, IEnumerable<string>> toolArguments, Func<string, string, T> read, bool sealedChannel = false)
    {
        string dir = Directory.CreateTempSubdirectory("bolt-valgrind-").FullName;
        try
        {
            string input = Path.Combine(dir, "input.bin");
            using (var file = File.Create(input))
            {
                // Any fixed lifetime will do: the checks mark the key and the lifetime secret inside the C-sim. Every run
                // ends with a checkpoint export and import (SPEC §12), so both modes are checked like the accesses.
                var keys = new CosimKeys(key, "CT-CHECK-LIFETIM"u8.ToArray());
                CsimInput.Write(file, workload, keys, AlveoU55C.Preset, sealedChannel ? SealedTranscript.Create(workload, keys, 1) : null, checkpointRoundTrip: true);
            }

            var info = new ProcessStartInfo("valgrind", [.. toolArguments(dir), binary, input, dir])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            Process process;
            try
            {
                process = Process.Start(info)!;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new BoltException($"valgrind is not installed ({e.Message}); scripts/setup.sh installs it.");
            }

            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                string stderr = process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0)
                {
                    throw new BoltException($"The instrumented C-sim failed under valgrind (exit {process.ExitCode}):\n{stderr}{stdout.Result}");
                }

                return read(dir, stderr);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

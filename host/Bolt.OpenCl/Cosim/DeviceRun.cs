using Bolt.Core.Trace;

namespace Bolt.OpenCl.Cosim;

/// <summary>What one device produced for a workload: every response, every trace row, the final host memory.</summary>
/// <param name="Device">The device's name.</param>
/// <param name="Responses">All response records, concatenated in command order.</param>
/// <param name="Trace">Every host-visible transaction, the bulk load's included.</param>
/// <param name="HostMemory">The host-memory region after the last batch.</param>
/// <param name="Timing">Wall time of the load and of the batches (device creation and kernel build excluded).</param>
/// <param name="Frames">Sealed path only: the device hello, then every sealed response frame, as the host relayed them; empty on the plaintext port.</param>
public sealed record DeviceRun(string Device, byte[] Responses, IReadOnlyList<TraceRow> Trace, byte[] HostMemory, DeviceTiming Timing, byte[] Frames)
{
    /// <summary>The suffix of a device's name on its sealed-path run.</summary>
    public const string SealedSuffix = "+sealed";

    /// <summary>The suffix of a device's name on its sealed-path run with several frames per call.</summary>
    public const string FramesSuffix = "+frames";

    /// <summary>The suffix of a run's device name: none (plaintext port), <see cref="SealedSuffix"/> or <see cref="FramesSuffix"/>.</summary>
    public static string Suffix(bool sealedChannel, int framesPerCall) => !sealedChannel ? string.Empty : framesPerCall > 1 ? FramesSuffix : SealedSuffix;

    /// <summary>
    /// Drives a fresh device through the sealed form of the workload, relaying the transcript's hello and frames as the
    /// untrusted host would, and captures the device hello, the sealed response frames and (opened with the client's
    /// keys) the response records, with the trace and host memory. With <paramref name="framesPerCall"/> above 1 the
    /// frames go down that many at a time through <see cref="Bolt.Core.Device.IBoltDevice.ExecuteSealedFrames"/>.
    /// </summary>
    /// <exception cref="Bolt.Core.BoltException">The device refused a frame of the transcript.</exception>
    public static DeviceRun CaptureSealed(Bolt.Core.Device.IBoltDevice device, SealedTranscript transcript, int ops, int framesPerCall = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(framesPerCall, 1);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(transcript);
        var trace = new TraceBuffer();
        var frames = new List<byte>();
        var hello = new byte[Bolt.Core.Channel.HelloLayout.DeviceBytes];
        device.OpenSession(transcript.ClientHello, hello);
        frames.AddRange(hello);
        device.Trace = trace;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        device.InitialiseSealed(transcript.LoadFrame);
        double init = clock.Elapsed.TotalSeconds;
        var before = (device as IKernelProfiled)?.Profile;
        var submission = new Bolt.Core.Device.SealedFrameBatch(framesPerCall);
        for (int first = 0; first < transcript.CommandFrames.Count; first += framesPerCall)
        {
            int count = Math.Min(framesPerCall, transcript.CommandFrames.Count - first);
            if (framesPerCall == 1)
            {
                var response = new byte[transcript.ResponseFrameBytes(first)];
                int written = device.ExecuteSealed(transcript.CommandFrames[first], response);
                frames.AddRange(response.AsSpan(0, written));
                continue;
            }

            submission.Clear();
            for (int i = 0; i < count; i++)
            {
                submission.Add(transcript.CommandFrames[first + i], new byte[transcript.ResponseFrameBytes(first + i)]);
            }

            device.ExecuteSealedFrames(submission);
            for (int i = 0; i < count; i++)
            {
                if (submission.Error(i) is { } error)
                {
                    throw new Bolt.Core.BoltException($"{device.Name} refused frame {first + i} of the transcript: {error.Message}", error);
                }

                frames.AddRange(submission.ResponseBuffer(i).Span[..submission.ResponseBytes(i)]);
            }
        }

        string name = device.Name + Suffix(sealedChannel: true, framesPerCall);
        var timing = new DeviceTiming(name, init, clock.Elapsed.TotalSeconds - init, ops, KernelSince(device, before));
        device.Trace = null;
        var answers = frames.ToArray();
        return new DeviceRun(name, transcript.OpenResponses(answers), trace.Rows.ToList(), device.HostMemory.ToArray(), timing, answers);
    }

    /// <summary>A kernel device's launches since <paramref name="before"/> (null for a device without a kernel profile).</summary>
    private static KernelProfile? KernelSince(Bolt.Core.Device.IBoltDevice device, KernelProfile? before) =>
        device is IKernelProfiled profiled && before is not null ? profiled.Profile.Since(before) : null;

    /// <summary>Drives a device through the workload and captures its outputs.</summary>
    public static DeviceRun Capture(Bolt.Core.Device.IBoltDevice device, CosimWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(workload);
        var trace = new TraceBuffer();
        device.Trace = trace;
        var responses = new byte[(long)workload.Ops * workload.Parameters.ResponseBytes];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        device.Initialise(workload.Load);
        double init = clock.Elapsed.TotalSeconds;
        var before = (device as IKernelProfiled)?.Profile;
        int offset = 0;
        foreach (var batch in workload.Batches)
        {
            int bytes = batch.Length / workload.Parameters.CommandBytes * workload.Parameters.ResponseBytes;
            device.Execute(batch, responses.AsSpan(offset, bytes));
            offset += bytes;
        }

        var timing = new DeviceTiming(device.Name, init, clock.Elapsed.TotalSeconds - init, workload.Ops, KernelSince(device, before));
        device.Trace = null;
        return new DeviceRun(device.Name, responses, trace.Rows.ToList(), device.HostMemory.ToArray(), timing, []);
    }
}

using Bolt.Core.Trace;

namespace Bolt.OpenCl.Cosim;

/// <summary>What one device produced for a workload: every response, every trace row, the final host memory.</summary>
/// <param name="Device">The device's name.</param>
/// <param name="Responses">All response records, concatenated in command order.</param>
/// <param name="Trace">Every host-visible transaction, the bulk load's included.</param>
/// <param name="HostMemory">The host-memory region after the last batch.</param>
/// <param name="Timing">Wall time of the load and of the batches (device creation and kernel build excluded).</param>
public sealed record DeviceRun(string Device, byte[] Responses, IReadOnlyList<TraceRow> Trace, byte[] HostMemory, DeviceTiming Timing)
{
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
        int offset = 0;
        foreach (var batch in workload.Batches)
        {
            int bytes = batch.Length / workload.Parameters.CommandBytes * workload.Parameters.ResponseBytes;
            device.Execute(batch, responses.AsSpan(offset, bytes));
            offset += bytes;
        }

        var timing = new DeviceTiming(device.Name, init, clock.Elapsed.TotalSeconds - init, workload.Ops);
        device.Trace = null;
        return new DeviceRun(device.Name, responses, trace.Rows.ToList(), device.HostMemory.ToArray(), timing);
    }
}

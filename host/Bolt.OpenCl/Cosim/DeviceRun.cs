using Bolt.Core.Trace;

namespace Bolt.OpenCl.Cosim;

/// <summary>What one device produced for a workload: every response, every trace row, the final host memory.</summary>
/// <param name="Device">The device's name.</param>
/// <param name="Responses">All response records, concatenated in command order.</param>
/// <param name="Trace">Every host-visible transaction, the bulk load's included.</param>
/// <param name="HostMemory">The host-memory region after the last batch.</param>
/// <param name="Seconds">Wall time of the load and the batches (device creation and kernel build excluded).</param>
public sealed record DeviceRun(string Device, byte[] Responses, IReadOnlyList<TraceRow> Trace, byte[] HostMemory, double Seconds)
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
        int offset = 0;
        foreach (var batch in workload.Batches)
        {
            int bytes = batch.Length / workload.Parameters.CommandBytes * workload.Parameters.ResponseBytes;
            device.Execute(batch, responses.AsSpan(offset, bytes));
            offset += bytes;
        }

        double seconds = clock.Elapsed.TotalSeconds;
        device.Trace = null;
        return new DeviceRun(device.Name, responses, trace.Rows.ToList(), device.HostMemory.ToArray(), seconds);
    }
}

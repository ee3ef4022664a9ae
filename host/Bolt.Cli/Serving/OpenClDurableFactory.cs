using Bolt.Core.Device;
using Bolt.Core.Durability;
using Bolt.OpenCl;
using Bolt.Server.Durability;

namespace Bolt.Cli.Serving;

/// <summary>
/// The kernel (OpenCL) as a durable daemon's device: fresh (a new lifetime), or provisioned anew and then given the
/// checkpoint's image, which the kernel authenticates and imports itself. Its host region is the kernel's own host
/// buffer; the checkpoint file carries a copy, so no region file is kept.
/// </summary>
internal sealed class OpenClDurableFactory(OpenClDeviceOptions options) : IDurableDeviceFactory
{
    public ICheckpointDevice Create(string hostRegionFile) => new OpenClDevice(options);

    public (ICheckpointDevice Device, CheckpointHeader Header) Restore(Stream source, string file, string hostRegionFile, ulong minimumCounter) =>
        OpenClDevice.Restore(options, source, file, minimumCounter);
}

using Bolt.OpenCl;

namespace Bolt.Core;

/// <summary>
/// The kernel refused a call (bolt_abi.h BOLT_CALL_*), whichever runtime carried it (PoCL, XRT through OpenCL, the XRT
/// shim): an unknown mode, a call before provisioning, or a provisioning blob that did not open under the device key.
/// Nothing was executed; the device's state is unchanged.
/// </summary>
public sealed class KernelCallRefusedException : BoltException
{
    /// <summary>Creates the exception for kernel mode <paramref name="mode"/> refused with call status <paramref name="status"/>.</summary>
    public KernelCallRefusedException(uint mode, ulong status)
        : base($"The kernel refused the call (mode {mode}): {Reason(status)}")
    {
        Mode = mode;
        Status = status;
    }

    /// <summary>The kernel mode called (bolt_abi.h BOLT_MODE_*).</summary>
    public uint Mode { get; }

    /// <summary>The call status the kernel reported (bolt_abi.h BOLT_CALL_*).</summary>
    public ulong Status { get; }

    private static string Reason(ulong status) => status switch
    {
        KernelAbi.CallBadMode => "the kernel does not know this mode (a host built for another kernel version?).",
        KernelAbi.CallNotProvisioned => "the device is not provisioned; provision it (its root key sealed to the device key) first.",
        KernelAbi.CallBadProvision => "the provisioning blob did not open under this device's key (sealed for another device, or damaged); nothing was reset.",
        _ => $"status {status}.",
    };
}

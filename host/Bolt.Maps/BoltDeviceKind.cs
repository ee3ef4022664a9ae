namespace Bolt;

/// <summary>Where a map's device runs.</summary>
public enum BoltDeviceKind
{
    /// <summary>The cycle-level simulator of the accelerator, in this process: no hardware needed.</summary>
    Simulator = 0,

    /// <summary>The Bolt kernel on an OpenCL device (PoCL on a CPU, XRT on an Alveo U55C).</summary>
    OpenCl = 1,
}

namespace Bolt.Core.Trace;

/// <summary>The kind of a host-visible transaction (docs/design.md §5).</summary>
public enum TraceKind : byte
{
    /// <summary>The device reads host memory.</summary>
    R,

    /// <summary>The device writes host memory.</summary>
    W,

    /// <summary>A command batch arrives at the device.</summary>
    CMD,

    /// <summary>A response batch leaves the device.</summary>
    RSP,
}

namespace Bolt.Sim.Engine;

/// <summary>Trace rows of an access that a positive control leaves out (SPEC-violating devices only).</summary>
[Flags]
internal enum HiddenTouches
{
    /// <summary>Every row is issued, as the specification requires.</summary>
    None = 0,

    /// <summary>No read of the first page.</summary>
    FirstRead = 1,

    /// <summary>No read of the second page.</summary>
    SecondRead = 2,

    /// <summary>No write of the first page.</summary>
    FirstWrite = 4,

    /// <summary>No write of the second page.</summary>
    SecondWrite = 8,
}

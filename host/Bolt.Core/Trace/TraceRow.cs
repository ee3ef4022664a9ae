namespace Bolt.Core.Trace;

/// <summary>
/// One row of the public trace format <c>op,cycle,kind,address,bytes</c> (docs/design.md §5). <see cref="Op"/> is
/// the index of the command being served, −1 for the initial bulk load.
/// </summary>
public readonly record struct TraceRow(long Op, long Cycle, TraceKind Kind, long Address, int Bytes);

namespace Bolt.Server.Durability;

/// <summary>One checkpoint taken: its number, the commit it holds, its file size and how long it took (write, fsync, log rotation).</summary>
public sealed record CheckpointReport(ulong Number, ulong Commit, long Bytes, TimeSpan Elapsed);

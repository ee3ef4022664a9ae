namespace Bolt.Core.Channel;

/// <summary>Serves a batch of authenticated plaintext command records, writing one response record per command.</summary>
public delegate void RecordBatchHandler(ReadOnlySpan<byte> commands, Span<byte> responses);

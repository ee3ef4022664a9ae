using Bolt.Client;
using Bolt.Core;
using Bolt.Core.Abi;

namespace Bolt.Cluster.Client;

/// <summary>One caller's request waiting for an epoch: its key digest, op, value, and where its answer goes.</summary>
internal sealed class ShardedRequest(Digest128 digest, OpCode op, ReadOnlyMemory<byte> value)
{
    public Digest128 Digest { get; } = digest;

    public OpCode Op { get; } = op;

    public ReadOnlyMemory<byte> Value { get; } = value;

    public TaskCompletionSource<MapResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsWrite => Op is OpCode.Put or OpCode.Delete;
}

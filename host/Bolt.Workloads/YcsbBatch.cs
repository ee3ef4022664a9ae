using Bolt.Core;
using Bolt.Core.Abi;

namespace Bolt.Workloads;

/// <summary>One batch of a YCSB run: its encoded commands, the device's responses, and what each op asked.</summary>
internal sealed class YcsbBatch(BoltParameters parameters, int capacity)
{
    /// <summary>The command records, <see cref="Count"/> of them in use.</summary>
    public byte[] Commands { get; } = new byte[capacity * parameters.CommandBytes];

    /// <summary>The response records.</summary>
    public byte[] Responses { get; } = new byte[capacity * parameters.ResponseBytes];

    /// <summary>The key index of each op.</summary>
    public long[] Keys { get; } = new long[capacity];

    /// <summary>The op of each record.</summary>
    public OpCode[] Ops { get; } = new OpCode[capacity];

    /// <summary>Ops in the batch (0: nothing left to run).</summary>
    public int Count { get; set; }

    /// <summary>The run-wide index of the batch's first op (op i's put stamp is First + i + 1).</summary>
    public long First { get; set; }

    /// <summary>The commands in use.</summary>
    public ReadOnlySpan<byte> CommandSpan => Commands.AsSpan(0, Count * parameters.CommandBytes);

    /// <summary>The responses in use.</summary>
    public Span<byte> ResponseSpan => Responses.AsSpan(0, Count * parameters.ResponseBytes);
}

using Bolt.Core;
using Bolt.Core.Abi;

namespace Bolt.Workloads;

/// <summary>
/// A round of a YCSB run: several consecutive batches, encoded together, served batch by batch, checked
/// together. The driver hands work to its second core once per round, so a round holds enough ops that the
/// handover (microseconds, or a scheduler tick on a busy machine) is small next to the device's work.
/// </summary>
internal sealed class YcsbRound
{
    /// <summary>Ops a round aims at (fewer when the records would take more than <see cref="MaxBytes"/>).</summary>
    private const int TargetOps = 8192;

    /// <summary>The most command and response bytes one round's buffers take.</summary>
    private const int MaxBytes = 4 << 20;

    private readonly BoltParameters _parameters;

    /// <summary>Buffers for rounds of whole batches of <paramref name="batch"/> ops.</summary>
    public YcsbRound(BoltParameters parameters, int batch)
    {
        _parameters = parameters;
        Batch = batch;
        int recordBytes = parameters.CommandBytes + parameters.ResponseBytes;
        int batches = Math.Max(1, Math.Min(TargetOps / batch, MaxBytes / (batch * recordBytes)));
        int capacity = batches * batch;
        Commands = new byte[capacity * parameters.CommandBytes];
        Responses = new byte[capacity * parameters.ResponseBytes];
        Keys = new long[capacity];
        Ops = new OpCode[capacity];
    }

    /// <summary>Ops per device call.</summary>
    public int Batch { get; }

    /// <summary>The command records, <see cref="Count"/> of them in use.</summary>
    public byte[] Commands { get; }

    /// <summary>The response records.</summary>
    public byte[] Responses { get; }

    /// <summary>The key index of each op.</summary>
    public long[] Keys { get; }

    /// <summary>The op of each record.</summary>
    public OpCode[] Ops { get; }

    /// <summary>Ops in the round (0: nothing left to run).</summary>
    public int Count { get; set; }

    /// <summary>The run-wide index of the round's first op (op i's put stamp is First + i + 1).</summary>
    public long First { get; set; }

    /// <summary>Batches in the round; the last may be short.</summary>
    public int Batches => (Count + Batch - 1) / Batch;

    /// <summary>Ops in batch <paramref name="b"/>.</summary>
    public int BatchCount(int b) => Math.Min(Batch, Count - (b * Batch));

    /// <summary>The command records of batch <paramref name="b"/>.</summary>
    public ReadOnlySpan<byte> BatchCommands(int b) =>
        Commands.AsSpan(b * Batch * _parameters.CommandBytes, BatchCount(b) * _parameters.CommandBytes);

    /// <summary>The response records of batch <paramref name="b"/>.</summary>
    public Span<byte> BatchResponses(int b) =>
        Responses.AsSpan(b * Batch * _parameters.ResponseBytes, BatchCount(b) * _parameters.ResponseBytes);
}

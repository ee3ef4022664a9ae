using System.Security.Cryptography;
using Bolt.Core;
using Bolt.Core.Abi;

namespace Bolt.Cluster.Client;

/// <summary>
/// One epoch of the oblivious load balancer, planned: requests grouped by key (<see cref="KeyGroup"/>), each group
/// assigned its shard by the keyed PRF, and every shard's batch filled to exactly <see cref="BatchSize"/> records, real
/// accesses first, then dummies (gets of fresh random digests, which no key has but with probability 2^-128; a device
/// access looks the same whatever its key, op or outcome). A shard with more than B groups (probability ≤ 2^-λ for
/// distinct keys) keeps the excess groups for the next epoch, ahead of new arrivals: its batch still has exactly B
/// records, so overflow changes nothing the host sees and only delays those requests by one epoch.
/// </summary>
internal sealed class EpochPlan
{
    private EpochPlan(int requests, int batchSize, List<KeyGroup>[] sent, List<KeyGroup> carried, byte[][] commands)
    {
        Requests = requests;
        BatchSize = batchSize;
        Sent = sent;
        Carried = carried;
        Commands = commands;
    }

    /// <summary>R: the requests that arrived for this epoch (public).</summary>
    public int Requests { get; }

    /// <summary>B: records per shard this epoch.</summary>
    public int BatchSize { get; }

    /// <summary>The groups sent to each shard, in record order.</summary>
    public IReadOnlyList<KeyGroup>[] Sent { get; }

    /// <summary>Groups that did not fit their shard's batch; they go first next epoch.</summary>
    public List<KeyGroup> Carried { get; }

    /// <summary>Each shard's command records, exactly <see cref="BatchSize"/> of them.</summary>
    public byte[][] Commands { get; }

    /// <summary>Groups sent in all shards (real device accesses).</summary>
    public int RealAccesses => Sent.Sum(s => s.Count);

    /// <summary>Plans an epoch from the groups carried over and the new arrivals, in that order.</summary>
    public static EpochPlan Build(IReadOnlyList<KeyGroup> carried, IReadOnlyList<ShardedRequest> arrivals, ShardAssigner assigner, int shards,
        int securityParameter, BatchSizing sizing, int commandBytes)
    {
        var groups = new Dictionary<Digest128, KeyGroup>();
        var order = new List<KeyGroup>();
        foreach (var group in carried)
        {
            groups.Add(group.Digest, group);
            order.Add(group);
        }

        foreach (var request in arrivals)
        {
            if (!groups.TryGetValue(request.Digest, out var group))
            {
                group = new KeyGroup(request.Digest, assigner.ShardOf(request.Digest));
                groups.Add(request.Digest, group);
                order.Add(group);
            }

            group.Add(request);
        }

        var loads = new int[shards];
        foreach (var group in order)
        {
            loads[group.Shard]++;
        }

        int batch = sizing == BatchSizing.ObservedMaximum
            ? Math.Max(1, loads.Max())
            : SnoopyBound.BatchSize(arrivals.Count, shards, securityParameter);
        var sent = new List<KeyGroup>[shards];
        for (int s = 0; s < shards; s++)
        {
            sent[s] = [];
        }

        var left = new List<KeyGroup>();
        foreach (var group in order)
        {
            if (sent[group.Shard].Count < batch)
            {
                sent[group.Shard].Add(group);
            }
            else
            {
                left.Add(group);
            }
        }

        var commands = new byte[shards][];
        Span<byte> dummy = stackalloc byte[16];
        for (int s = 0; s < shards; s++)
        {
            commands[s] = new byte[batch * commandBytes];
            for (int i = 0; i < batch; i++)
            {
                var record = commands[s].AsSpan(i * commandBytes, commandBytes);
                if (i < sent[s].Count)
                {
                    sent[s][i].Encode(record);
                }
                else
                {
                    RandomNumberGenerator.Fill(dummy);
                    CommandLayout.Write(record, OpCode.Get, Digest128.Read(dummy), default);
                }
            }
        }

        return new EpochPlan(arrivals.Count, batch, sent, left, commands);
    }
}

using Bolt.Client;
using Bolt.Core;

namespace Bolt.Cluster.Client;

/// <summary>
/// Which shard holds a key: a keyed PRF (AES-CMAC, <see cref="KeyPrf"/>) of the key's digest under a shard key the
/// balancer keeps, reduced modulo S. Without the key the host cannot tell which keys share a shard, so a batch's
/// per-shard split is a uniformly random one whatever the keys.
/// </summary>
internal sealed class ShardAssigner
{
    private readonly KeyPrf _prf;
    private readonly int _shards;

    public ShardAssigner(ReadOnlySpan<byte> shardKey, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        _prf = new KeyPrf(shardKey);
        _shards = shards;
    }

    /// <summary>The shard of the key whose digest is <paramref name="digest"/>.</summary>
    public int ShardOf(Digest128 digest)
    {
        Span<byte> bytes = stackalloc byte[16];
        digest.Write(bytes);

        // 64 PRF bits modulo S: the bias is below S / 2^64.
        return (int)(_prf.Digest(bytes).Lo % (ulong)_shards);
    }

    /// <summary>The shard key derived from the client's PRF key (a label under the same PRF), so one secret serves both.</summary>
    public static byte[] DeriveKey(KeyPrf prf)
    {
        var key = new byte[16];
        prf.Digest("bolt shard assignment"u8).Write(key);
        return key;
    }
}

using Orleans;
using Orleans.Concurrency;

namespace Bolt.Cluster;

/// <summary>
/// One Bolt device as a grain: the untrusted relay between the trusted load balancer and the device, keyed by shard
/// number. Only the sealed channel crosses it — client hellos, sealed command and load frames, sealed response
/// frames — as immutable byte arrays, so Orleans neither copies nor can read them. The grain lives on the silo that
/// owns the device and never moves (<c>ShardGrain</c> in Bolt.Cluster). Calls are served one at a time per shard.
/// Device refusals come back as a <see cref="ShardReply"/> error, not as an exception, so every refusal keeps its type
/// across the engine.
/// </summary>
public interface IShardGrain : IGrainWithIntegerKey
{
    /// <summary>The device's public parameters and name (what any host may know).</summary>
    Task<ShardDescription> Describe();

    /// <summary>Relays a client hello; the reply carries the device hello.</summary>
    Task<ShardReply> OpenSession(Immutable<byte[]> clientHello);

    /// <summary>Relays a sealed load or load-part frame; the reply carries no bytes.</summary>
    Task<ShardReply> Load(Immutable<byte[]> loadFrame);

    /// <summary>Relays a sealed command frame; the reply carries the sealed response frame.</summary>
    Task<ShardReply> Execute(Immutable<byte[]> commandFrame);
}

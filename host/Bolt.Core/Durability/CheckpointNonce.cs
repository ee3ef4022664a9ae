using System.Buffers.Binary;

namespace Bolt.Core.Durability;

/// <summary>The GCM nonce of a checkpoint chunk: index u64 ‖ last u32. The flag stops a cut at a chunk boundary from passing as a whole image.</summary>
internal static class CheckpointNonce
{
    public static void Write(Span<byte> nonce, long index, bool last)
    {
        BinaryPrimitives.WriteInt64LittleEndian(nonce, index);
        BinaryPrimitives.WriteUInt32LittleEndian(nonce[8..], last ? 1u : 0u);
    }
}

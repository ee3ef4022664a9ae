using System.Security.Cryptography;
using Bolt.Core.Crypto;

namespace Bolt.Core.Durability;

/// <summary>
/// Keys of durable state (hardware/SPEC.md §12), all from the device root key K_dev so that a restarted device, which
/// begins with no lifetime of its own, can open its checkpoint: <c>K_ckpt = AES(K_dev, "BOLT-CHECKPOINT")</c>, the
/// image key of one checkpoint <c>AES(K_ckpt, salt)</c>, and the public device id <c>AES(K_dev, "BOLT-DEVICE-ID")</c>.
/// </summary>
public static class CheckpointKeys
{
    /// <summary>Bytes of a key, a salt and a device id.</summary>
    public const int Bytes = 16;

    /// <summary>The image key of the checkpoint with <paramref name="salt"/>.</summary>
    public static void ImageKey(ReadOnlySpan<byte> deviceKey, ReadOnlySpan<byte> salt, Span<byte> key)
    {
        Span<byte> checkpointKey = stackalloc byte[Bytes];
        Aes128.DeriveKey(deviceKey, KeyLabels.Label("BOLT-CHECKPOINT"), checkpointKey);
        Aes128.DeriveKey(checkpointKey, salt, key);
        CryptographicOperations.ZeroMemory(checkpointKey);
    }

    /// <summary>The device's public id: names the device in checkpoint and log headers; a PRF output on its own label, so it reveals no key.</summary>
    public static byte[] DeviceId(ReadOnlySpan<byte> deviceKey)
    {
        var id = new byte[Bytes];
        Aes128.DeriveKey(deviceKey, KeyLabels.Label("BOLT-DEVICE-ID"), id);
        return id;
    }
}

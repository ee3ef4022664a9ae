using System.Security.Cryptography;

namespace Bolt.Core.Crypto;

/// <summary>
/// A device lifetime (SPEC §3): every start of a device draws a fresh 16-byte lifetime nonce that the host can
/// neither choose nor repeat, and the keys of everything the device draws or seals in that lifetime (PRNG, pages,
/// session nonces) derive from <c>K_life = CBC-MAC(K_dev; "BOLT-LIFETIME" ‖ lifetime)</c>. So a restart with the same
/// root key never reuses a PRNG block or a GCM nonce, while the provisioning key, which derives from the root key
/// alone, stays the same for the device's clients.
/// </summary>
public static class DeviceLifetime
{
    /// <summary>Bytes of a lifetime nonce and of the lifetime key.</summary>
    public const int Bytes = 16;

    /// <summary>A fresh lifetime nonce from the operating system's CSPRNG.</summary>
    public static byte[] Draw() => RandomNumberGenerator.GetBytes(Bytes);

    /// <summary>
    /// <c>K_life = AES(K_dev, AES(K_dev, "BOLT-LIFETIME") ⊕ lifetime)</c>: a two-block CBC-MAC, a PRF on inputs of
    /// this one length, separated from the single-block labels of the other keys.
    /// </summary>
    public static void DeriveKey(ReadOnlySpan<byte> deviceKey, ReadOnlySpan<byte> lifetime, Span<byte> lifetimeKey)
    {
        if (lifetime.Length != Bytes)
        {
            throw new BoltConfigurationException("lifetime", $"A device lifetime nonce is {Bytes} bytes, got {lifetime.Length}.");
        }

        Span<byte> state = stackalloc byte[Bytes];
        Aes128.DeriveKey(deviceKey, KeyLabels.Lifetime, state);
        for (int i = 0; i < Bytes; i++)
        {
            state[i] ^= lifetime[i];
        }

        Aes128.DeriveKey(deviceKey, state, lifetimeKey);
        CryptographicOperations.ZeroMemory(state);
    }
}

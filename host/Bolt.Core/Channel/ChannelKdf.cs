using System.Buffers.Binary;
using Bolt.Core.Crypto;

namespace Bolt.Core.Channel;

/// <summary>
/// Key derivation of the sealed channel (SPEC §10), from AES alone so the kernel can do it too:
/// <c>K_prov = KDF("BOLT-PROV-KEY")</c> from the device root key, and each session key as the CBC-MAC under
/// <c>K_prov</c> of four blocks <c>label ‖ clientNonce ‖ deviceNonce ‖ sessionId u64 ‖ 0 u64</c>. CBC-MAC is a
/// PRF on messages of one fixed length, which these all are.
/// </summary>
public static class ChannelKdf
{
    /// <summary>Bytes of every channel key.</summary>
    public const int KeyBytes = 16;

    /// <summary>
    /// The provisioning key of a device. In a deployment it reaches the enclave through attestation; here the
    /// caller who holds the device root key hands it over, which models that step.
    /// </summary>
    public static byte[] ProvisioningKey(ReadOnlySpan<byte> deviceKey)
    {
        var key = new byte[KeyBytes];
        Aes128.DeriveKey(deviceKey, KeyLabels.Provisioning, key);
        return key;
    }

    /// <summary>
    /// A session value: CBC-MAC under <paramref name="provisioning"/> of
    /// <c>label ‖ clientNonce ‖ deviceNonce ‖ sessionId u64 ‖ 0 u64</c>.
    /// </summary>
    public static void Derive(Aes128 provisioning, ReadOnlySpan<byte> label, ReadOnlySpan<byte> clientNonce,
        ReadOnlySpan<byte> deviceNonce, ulong sessionId, Span<byte> output)
    {
        ArgumentNullException.ThrowIfNull(provisioning);
        if (label.Length != KeyBytes || clientNonce.Length != HelloLayout.NonceBytes || deviceNonce.Length != HelloLayout.NonceBytes || output.Length != KeyBytes)
        {
            throw new ArgumentException("Labels, nonces and keys are 16 bytes each.");
        }

        Span<byte> state = stackalloc byte[KeyBytes];
        provisioning.EncryptBlock(label, state);
        Absorb(provisioning, state, clientNonce);
        Absorb(provisioning, state, deviceNonce);
        Span<byte> last = stackalloc byte[KeyBytes];
        last.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(last, sessionId);

        Absorb(provisioning, state, last);
        state.CopyTo(output);
    }

    private static void Absorb(Aes128 aes, Span<byte> state, ReadOnlySpan<byte> block)
    {
        for (int i = 0; i < KeyBytes; i++)
        {
            state[i] ^= block[i];
        }

        aes.EncryptBlock(state, state);
    }
}

using System.Security.Cryptography;
using Bolt.Core.Crypto;

namespace Bolt.Core.Device;

/// <summary>
/// How a device root key reaches a kernel without crossing host memory in clear (SPEC §11): the provisioner — the
/// client enclave, or whoever attested the device — seals the root key to the device's unique key as a 44-byte
/// blob (AES-128-GCM: nonce 12 ‖ ciphertext 16 ‖ tag 16, associated data the label "BOLT-PROVISION"). The host relays
/// the blob; only the device can open it. The device-unique key is the platform's to keep (an eFUSE/BBRAM key or a
/// key in an encrypted bitstream on a board); the OpenCL prototype takes it as a build define.
/// </summary>
public static class DeviceProvisioning
{
    /// <summary>Bytes of a provisioning blob.</summary>
    public const int BlobBytes = 44;

    private const int NonceBytes = 12;

    /// <summary>
    /// The public development device key every kernel is built with unless told otherwise ("BOLT-DEVELOPMENT"). Anyone
    /// can open a blob sealed to it: for tests and co-simulation only.
    /// </summary>
    public static ReadOnlySpan<byte> DevelopmentDeviceKey => "BOLT-DEVELOPMENT"u8;

    /// <summary>Seals <paramref name="rootKey"/> to a device whose unique key is <paramref name="deviceUniqueKey"/>.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> deviceUniqueKey, ReadOnlySpan<byte> rootKey)
    {
        if (deviceUniqueKey.Length != 16 || rootKey.Length != 16)
        {
            throw new BoltConfigurationException("seed", "A device-unique key and a root key are 16 bytes each.");
        }

        var blob = new byte[BlobBytes];
        RandomNumberGenerator.Fill(blob.AsSpan(0, NonceBytes));
        new AesGcm128(deviceUniqueKey).Seal(blob.AsSpan(0, NonceBytes), rootKey, blob.AsSpan(NonceBytes, 16), blob.AsSpan(NonceBytes + 16, 16), KeyLabels.ProvisioningBlob);
        return blob;
    }

    /// <summary>Opens a blob as the device does; false if it does not authenticate under <paramref name="deviceUniqueKey"/>.</summary>
    public static bool TryOpen(ReadOnlySpan<byte> deviceUniqueKey, ReadOnlySpan<byte> blob, Span<byte> rootKey)
    {
        if (blob.Length != BlobBytes || rootKey.Length != 16)
        {
            return false;
        }

        return new AesGcm128(deviceUniqueKey).TryOpen(blob[..NonceBytes], blob.Slice(NonceBytes, 16), blob.Slice(NonceBytes + 16, 16), rootKey, KeyLabels.ProvisioningBlob);
    }
}

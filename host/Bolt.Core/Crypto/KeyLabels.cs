using System.Text;

namespace Bolt.Core.Crypto;

/// <summary>The 16-byte KDF labels of SPEC §3: ASCII, zero padded. Keys derive from AES alone so the kernel can too.</summary>
public static class KeyLabels
{
    /// <summary>Label of the PRNG key.</summary>
    public static ReadOnlySpan<byte> Prng => Label("BOLT-PRNG-KEY");

    /// <summary>Label that domain-separates the lifetime key's derivation from the single-block labels.</summary>
    public static ReadOnlySpan<byte> Lifetime => Label("BOLT-LIFETIME");

    /// <summary>Label (associated data) of a provisioning blob that carries a device root key to a kernel.</summary>
    public static ReadOnlySpan<byte> ProvisioningBlob => Label("BOLT-PROVISION");

    /// <summary>Label of the page-sealing key.</summary>
    public static ReadOnlySpan<byte> Page => Label("BOLT-PAGE-KEY");

    /// <summary>Label of the provisioning key the client is given (SPEC §10).</summary>
    public static ReadOnlySpan<byte> Provisioning => Label("BOLT-PROV-KEY");

    /// <summary>Label of a session's command key, client to device (SPEC §10).</summary>
    public static ReadOnlySpan<byte> SessionCommands => Label("BOLT-CMD-KEY");

    /// <summary>Label of a session's response key, device to client (SPEC §10).</summary>
    public static ReadOnlySpan<byte> SessionResponses => Label("BOLT-RSP-KEY");

    /// <summary>Label of a session's key confirmation (SPEC §10).</summary>
    public static ReadOnlySpan<byte> SessionConfirmation => Label("BOLT-CONFIRM");

    /// <summary>Pads an ASCII label of at most 16 characters to 16 bytes.</summary>
    public static byte[] Label(string text)
    {
        if (text.Length > 16)
        {
            throw new ArgumentException("A KDF label has at most 16 characters.", nameof(text));
        }

        var label = new byte[16];
        Encoding.ASCII.GetBytes(text, label);
        return label;
    }
}

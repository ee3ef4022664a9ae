using Bolt.Core;

namespace Bolt.Cli.Serving;

/// <summary>
/// The stand-in for attestation between `bolt serve` and its clients: the daemon writes the device's provisioning key
/// (hex, owner-only) to a file, and a client reads it from there. In a deployment the enclave gets the key through
/// attestation and no file exists; the daemon's own process never needs it.
/// </summary>
public static class ProvisioningKeyFile
{
    /// <summary>Where `bolt serve` writes the key unless told otherwise.</summary>
    public static string DefaultPath => Path.Combine(Path.GetTempPath(), "bolt-provisioning.key");

    /// <summary>Writes the key, readable by its owner only.</summary>
    public static void Write(string path, ReadOnlySpan<byte> key)
    {
        File.WriteAllText(path, Convert.ToHexString(key) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>Reads a key file.</summary>
    /// <exception cref="BoltConfigurationException">The file is missing or does not hold a 16-byte key in hex.</exception>
    public static byte[] Read(string path)
    {
        try
        {
            var key = Convert.FromHexString(File.ReadAllText(path).Trim());
            return key.Length == 16 ? key : throw new FormatException("not 16 bytes");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new BoltConfigurationException("--key-file", $"--key-file {path}: no provisioning key there ({e.Message}).");
        }
    }
}

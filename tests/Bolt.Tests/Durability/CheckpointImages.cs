using Bolt.Core.Durability;

namespace Bolt.Tests.Durability;

/// <summary>Opens checkpoint files as a test that knows the device key: the plaintext image and the host section.</summary>
internal static class CheckpointImages
{
    public static byte[] Plaintext(byte[] file, byte[] deviceKey)
    {
        using var stream = new MemoryStream(file);
        using var reader = SealedImageReader.Open(stream, deviceKey, "test");
        var image = new byte[reader.Header.ImageBytes];
        reader.Read(image);
        reader.Finish();
        var host = new byte[reader.Header.HostBytes];
        stream.ReadExactly(host);
        return [.. image, .. host];
    }

    public static byte[] Plaintext(string path, byte[] deviceKey) => Plaintext(File.ReadAllBytes(path), deviceKey);

    /// <summary>The lifetime nonce a simulator checkpoint continues (after the image's magic, fifteen parameter words and 26 state words: BOLT_ST_LIFETIME_LO).</summary>
    public static byte[] Lifetime(byte[] file, byte[] deviceKey) => Plaintext(file, deviceKey)[(8 + (15 * 8) + (26 * 8))..(8 + (15 * 8) + (26 * 8) + 16)];
}

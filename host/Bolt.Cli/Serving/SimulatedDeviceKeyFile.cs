using System.Security.Cryptography;
using Bolt.Core;

namespace Bolt.Cli.Serving;

/// <summary>
/// The simulated device's root key for a durable daemon: a device restarts with the key it was made with (a real board
/// keeps it fused; the simulator keeps it in this owner-only file). The host can read the file, as it can read the
/// simulator's memory: the simulator models the device, it does not protect the key from its own host.
/// </summary>
internal static class SimulatedDeviceKeyFile
{
    public static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var text = File.ReadAllText(path).Trim();
            try
            {
                var key = Convert.FromHexString(text);
                if (key.Length == 16)
                {
                    return key;
                }
            }
            catch (FormatException)
            {
            }

            throw new BoltConfigurationException("device-key-file", $"{path} does not hold a 16-byte device key in hex.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var fresh = RandomNumberGenerator.GetBytes(16);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new StreamWriter(path, options))
        {
            file.WriteLine(Convert.ToHexString(fresh));
            file.Flush();
            ((FileStream)file.BaseStream).Flush(flushToDisk: true);
        }

        return fresh;
    }
}

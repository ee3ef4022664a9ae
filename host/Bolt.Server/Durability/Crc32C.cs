using System.Buffers.Binary;
using System.Numerics;

namespace Bolt.Server.Durability;

/// <summary>CRC-32C of log records: finds torn and damaged records. It is no defence against a host that edits the log on purpose; the sealed frames and the counter are.</summary>
internal static class Crc32C
{
    public static uint Append(uint crc, ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            bytes = bytes[8..];
        }

        foreach (byte b in bytes)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }

    public static uint Of(ReadOnlySpan<byte> bytes) => ~Append(~0u, bytes);
}

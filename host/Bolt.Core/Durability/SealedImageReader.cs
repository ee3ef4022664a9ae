using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Bolt.Core.Durability;

/// <summary>
/// Reads a checkpoint file's header and opens its sealed image chunk by chunk: every chunk is authenticated before any
/// of its bytes is handed out, so a device being restored never sees a byte the root key did not seal. A bad tag, a
/// short file, a header of another device or a missing last chunk is a <see cref="DurableStorageException"/>.
/// </summary>
public sealed unsafe class SealedImageReader : IDisposable
{
    private readonly Stream _source;
    private readonly string _file;
    private readonly AesGcm _gcm;
    private readonly byte[] _headerBytes = new byte[CheckpointHeader.Bytes];
    private readonly byte[] _chunk = new byte[CheckpointHeader.ChunkBytes];
    private readonly byte[] _sealed = new byte[CheckpointHeader.ChunkBytes];
    private readonly byte[] _tag = new byte[CheckpointHeader.TagBytes];
    private int _position;
    private int _filled;
    private long _chunkIndex;
    private long _consumed;

    private SealedImageReader(Stream source, string file, CheckpointHeader header, ReadOnlySpan<byte> headerBytes, ReadOnlySpan<byte> deviceKey)
    {
        _source = source;
        _file = file;
        Header = header;
        headerBytes.CopyTo(_headerBytes);
        Span<byte> key = stackalloc byte[CheckpointKeys.Bytes];
        CheckpointKeys.ImageKey(deviceKey, header.Salt, key);
        _gcm = new AesGcm(key, CheckpointHeader.TagBytes);
        CryptographicOperations.ZeroMemory(key);
    }

    /// <summary>The file's header (authenticated once the first chunk has been read).</summary>
    public CheckpointHeader Header { get; }

    /// <summary>Reads the header of <paramref name="file"/> from <paramref name="source"/> and checks it names this device.</summary>
    /// <exception cref="DurableStorageException">Not a checkpoint, a truncated header, or another device's checkpoint.</exception>
    public static SealedImageReader Open(Stream source, ReadOnlySpan<byte> deviceKey, string file)
    {
        ArgumentNullException.ThrowIfNull(source);
        Span<byte> headerBytes = stackalloc byte[CheckpointHeader.Bytes];
        int read = source.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false);
        var header = CheckpointHeader.Read(headerBytes[..read], file);
        if (!CryptographicOperations.FixedTimeEquals(header.DeviceId, CheckpointKeys.DeviceId(deviceKey)))
        {
            throw new DurableStorageException(StorageFault.WrongDevice, $"{file} is a checkpoint of another device (device id {Convert.ToHexString(header.DeviceId)}).");
        }

        var reader = new SealedImageReader(source, file, header, headerBytes, deviceKey);
        reader.Fill();
        return reader;
    }

    /// <summary>Reads image bytes.</summary>
    public void Read(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            if (_position == _filled)
            {
                Fill();
            }

            int n = Math.Min(destination.Length, _filled - _position);
            _chunk.AsSpan(_position, n).CopyTo(destination);
            _position += n;
            destination = destination[n..];
        }
    }

    /// <summary>Reads <paramref name="bytes"/> bytes into native memory.</summary>
    public void Read(void* start, long bytes)
    {
        for (long offset = 0; offset < bytes; offset += int.MaxValue / 2)
        {
            Read(new Span<byte>((byte*)start + offset, (int)Math.Min(int.MaxValue / 2, bytes - offset)));
        }
    }

    /// <summary>Reads a u64.</summary>
    public ulong ReadUInt64()
    {
        Span<byte> bytes = stackalloc byte[8];
        Read(bytes);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    /// <summary>Reads an i64.</summary>
    public long ReadInt64() => (long)ReadUInt64();

    /// <summary>Checks the whole image was read.</summary>
    public void Finish()
    {
        if (_position != _filled || _consumed != Header.ImageBytes)
        {
            throw new InvalidOperationException($"The device read {_consumed - (_filled - _position)} of the image's {Header.ImageBytes} bytes.");
        }
    }

    /// <summary>Forgets the key and the plaintext.</summary>
    public void Dispose()
    {
        _gcm.Dispose();
        CryptographicOperations.ZeroMemory(_chunk);
    }

    /// <summary>A wrong bit anywhere in what follows the header.</summary>
    public DurableStorageException Corrupted(string what) =>
        new(StorageFault.CheckpointCorrupted, $"{_file} failed authentication ({what}); it was changed, or it is not the checkpoint its header names.");

    private void Fill()
    {
        long remaining = Header.ImageBytes - _consumed;
        if (remaining <= 0)
        {
            throw Corrupted("the device asked for more than the image holds");
        }

        int n = (int)Math.Min(CheckpointHeader.ChunkBytes, remaining);
        bool last = remaining <= CheckpointHeader.ChunkBytes;
        int got = _source.ReadAtLeast(_sealed.AsSpan(0, n), n, throwOnEndOfStream: false);
        int gotTag = got == n ? _source.ReadAtLeast(_tag, _tag.Length, throwOnEndOfStream: false) : 0;
        if (got < n || gotTag < _tag.Length)
        {
            throw new DurableStorageException(StorageFault.CheckpointTruncated, $"{_file} ends inside its sealed image (chunk {_chunkIndex}); the file was cut short.");
        }

        Span<byte> nonce = stackalloc byte[12];
        CheckpointNonce.Write(nonce, _chunkIndex, last);
        try
        {
            _gcm.Decrypt(nonce, _sealed.AsSpan(0, n), _tag, _chunk.AsSpan(0, n), _headerBytes);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw Corrupted($"image chunk {_chunkIndex}");
        }

        _chunkIndex++;
        _consumed += n;
        _position = 0;
        _filled = n;
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Bolt.Core.Durability;

/// <summary>
/// Writes a checkpoint file's header and its sealed image: the device streams its state through <see cref="Write(ReadOnlySpan{byte})"/>
/// and the writer seals it in chunks of <see cref="CheckpointHeader.ChunkBytes"/> under AES-128-GCM, the header as
/// associated data. The image's size is declared up front (it depends only on the parameters); <see cref="Finish"/>
/// checks that exactly that much was written. The host-page section follows (<see cref="CheckpointHostSection"/>).
/// </summary>
public sealed unsafe class SealedImageWriter : IDisposable
{
    private readonly Stream _destination;
    private readonly CheckpointHeader _header;
    private readonly AesGcm _gcm;
    private readonly byte[] _headerBytes = new byte[CheckpointHeader.Bytes];
    private readonly byte[] _chunk = new byte[CheckpointHeader.ChunkBytes];
    private readonly byte[] _sealed = new byte[CheckpointHeader.ChunkBytes];
    private readonly byte[] _tag = new byte[CheckpointHeader.TagBytes];
    private int _filled;
    private long _chunkIndex;
    private long _written;

    /// <summary>Writes <paramref name="header"/> and prepares to seal the image under the key its salt names.</summary>
    public SealedImageWriter(Stream destination, ReadOnlySpan<byte> deviceKey, CheckpointHeader header)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(header);
        _destination = destination;
        _header = header;
        Span<byte> key = stackalloc byte[CheckpointKeys.Bytes];
        CheckpointKeys.ImageKey(deviceKey, header.Salt, key);
        _gcm = new AesGcm(key, CheckpointHeader.TagBytes);
        CryptographicOperations.ZeroMemory(key);
        header.Write(_headerBytes);
        destination.Write(_headerBytes);
    }

    /// <summary>Appends image bytes.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_written + bytes.Length > _header.ImageBytes)
        {
            throw new InvalidOperationException($"The checkpoint image declared {_header.ImageBytes} bytes; the device wrote more.");
        }

        while (!bytes.IsEmpty)
        {
            int n = Math.Min(bytes.Length, _chunk.Length - _filled);
            bytes[..n].CopyTo(_chunk.AsSpan(_filled));
            _filled += n;
            _written += n;
            bytes = bytes[n..];
            if (_filled == _chunk.Length && _written < _header.ImageBytes)
            {
                SealChunk(last: false);
            }
        }
    }

    /// <summary>Appends <paramref name="bytes"/> bytes of native memory (a structure of any size).</summary>
    public void Write(void* start, long bytes)
    {
        for (long offset = 0; offset < bytes; offset += int.MaxValue / 2)
        {
            Write(new ReadOnlySpan<byte>((byte*)start + offset, (int)Math.Min(int.MaxValue / 2, bytes - offset)));
        }
    }

    /// <summary>Appends a u64, little-endian.</summary>
    public void WriteUInt64(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        Write(bytes);
    }

    /// <summary>Appends an i64, little-endian.</summary>
    public void WriteInt64(long value) => WriteUInt64((ulong)value);

    /// <summary>Seals the last chunk.</summary>
    /// <exception cref="InvalidOperationException">The device wrote more or less than the image size it declared (a bug).</exception>
    public void Finish()
    {
        if (_written != _header.ImageBytes)
        {
            throw new InvalidOperationException($"The checkpoint image declared {_header.ImageBytes} bytes but {_written} were written.");
        }

        SealChunk(last: true);
    }

    /// <summary>Forgets the key.</summary>
    public void Dispose()
    {
        _gcm.Dispose();
        CryptographicOperations.ZeroMemory(_chunk);
    }

    private void SealChunk(bool last)
    {
        Span<byte> nonce = stackalloc byte[12];
        CheckpointNonce.Write(nonce, _chunkIndex++, last);
        _gcm.Encrypt(nonce, _chunk.AsSpan(0, _filled), _sealed.AsSpan(0, _filled), _tag, _headerBytes);
        _destination.Write(_sealed, 0, _filled);
        _destination.Write(_tag);
        _filled = 0;
    }
}

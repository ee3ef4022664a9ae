using System.Runtime.CompilerServices;

namespace Bolt.Core.Device;

/// <summary>
/// The untrusted host-memory region a device keeps its sealed pages in: a view over native memory of any size
/// (a 2^26-key map needs several GiB, past what one <see cref="Span{T}"/> can address). The host owns it, so a
/// test or an attacker may read or change any byte; the device authenticates everything it reads back.
/// <para>
/// Address it with <see cref="Slice"/> or the indexer (byte offsets are <see cref="long"/>). For regions under
/// 2 GiB the whole region also converts to a span (<see cref="AsSpan"/> and the implicit conversions), which is what
/// tamper tests on small maps use; a larger region refuses that with <see cref="InvalidOperationException"/>.
/// </para>
/// </summary>
public sealed unsafe class HostRegion
{
    private readonly byte* _start;

    /// <summary>A view of <paramref name="length"/> bytes at <paramref name="start"/>; the owner keeps the memory alive.</summary>
    public HostRegion(byte* start, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _start = start;
        Length = length;
    }

    /// <summary>Bytes in the region.</summary>
    public long Length { get; }

    /// <summary>The byte at <paramref name="offset"/>.</summary>
    public ref byte this[long offset]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((ulong)offset, (ulong)Length, nameof(offset));
            return ref _start[offset];
        }
    }

    /// <summary>The whole region as one span.</summary>
    public static implicit operator Span<byte>(HostRegion region) => region is null ? default : region.AsSpan();

    /// <summary>The whole region as one read-only span.</summary>
    public static implicit operator ReadOnlySpan<byte>(HostRegion region) => region is null ? default : region.AsSpan();

    /// <summary><paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Slice(long offset, int count)
    {
        if ((ulong)offset > (ulong)Length || (ulong)count > (ulong)(Length - offset))
        {
            ThrowOutside(offset, count);
        }

        return new Span<byte>(_start + offset, count);
    }

    /// <summary>The whole region as one span; only for regions under 2 GiB.</summary>
    /// <exception cref="InvalidOperationException">The region is 2 GiB or larger: use <see cref="Slice"/>.</exception>
    public Span<byte> AsSpan() => Length <= int.MaxValue ? new Span<byte>(_start, (int)Length)
        : throw new InvalidOperationException($"The host region is {Length} bytes, too large for one span; address it with Slice(offset, count).");

    /// <summary>A copy of the whole region (small regions: tests and co-simulation).</summary>
    public byte[] ToArray() => AsSpan().ToArray();

    /// <summary>Whether the region holds exactly <paramref name="bytes"/>.</summary>
    public bool SequenceEqual(ReadOnlySpan<byte> bytes) => bytes.Length == Length && AsSpan().SequenceEqual(bytes);

    /// <summary>Sets every byte of the region to <paramref name="value"/> (in chunks, any size).</summary>
    public void Fill(byte value)
    {
        for (long offset = 0; offset < Length; offset += int.MaxValue / 2)
        {
            Slice(offset, (int)Math.Min(int.MaxValue / 2, Length - offset)).Fill(value);
        }
    }

    /// <summary>Whether every byte of the region is zero (scanned in chunks, any size).</summary>
    public bool IsAllZero()
    {
        for (long offset = 0; offset < Length; offset += int.MaxValue / 2)
        {
            if (Slice(offset, (int)Math.Min(int.MaxValue / 2, Length - offset)).IndexOfAnyExcept((byte)0) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowOutside(long offset, int count) =>
        throw new ArgumentOutOfRangeException(nameof(offset), $"Bytes [{offset}, {offset + count}) lie outside the {Length}-byte host region.");
}

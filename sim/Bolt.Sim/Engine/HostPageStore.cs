using System.Runtime.CompilerServices;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Crypto;
using Bolt.Core.Device;
using Bolt.Core.Memory;

namespace Bolt.Sim.Engine;

/// <summary>
/// The host-memory region of sealed pages (SPEC §5) and the per-page version counters the device keeps in
/// HBM. Every read is authenticated against the expected (page, version) nonce, so a flipped bit, a page
/// swapped with another, or a replayed old version of the same page all fail. The region lives in native
/// memory, so it may exceed 2 GiB (a 2^26-key map has several GiB of pages).
/// </summary>
public sealed unsafe class HostPageStore : IDisposable
{
    private readonly NativeArray<byte>? _native;
    private readonly MappedFile? _mapped;
    private readonly byte* _base;
    private readonly long _length;
    private readonly HostRegion _view;
    private readonly NativeArray<ulong> _versions;
    private AesGcm128 _gcm;
    private readonly int _pageBytes;
    private readonly int _bodyBytes;

    // The nonce of the page being opened or sealed. A field, not a stackalloc: a stack buffer makes the JIT guard the
    // frame with a cookie and copy the span arguments below the buffer, and the copy's 16-byte reload of two 8-byte
    // stores misses store forwarding, on two of the four page operations of every access. One thread uses a store.
    private readonly byte[] _nonce = new byte[AesGcm128.NonceSize];

    /// <summary>
    /// Creates an all-zero region of <paramref name="pages"/> pages; the page key derives from the lifetime key (SPEC §3).
    /// With <paramref name="regionFile"/> the region is that file, memory-mapped (a durable daemon's host region);
    /// otherwise native memory.
    /// </summary>
    public HostPageStore(int pages, int pageBytes, ReadOnlySpan<byte> lifetimeKey, string? regionFile = null)
    {
        _length = checked((long)pages * pageBytes);
        if (regionFile is null)
        {
            _native = new NativeArray<byte>(_length);
            _base = _native.Pointer;
        }
        else
        {
            _mapped = new MappedFile(regionFile, _length);
            _base = _mapped.Pointer;
        }

        _view = new HostRegion(_base, _length);
        // Native memory (huge pages from 2 MiB): each access reads two random versions, which on 4 KiB pages would
        // each miss the TLB once a map has millions of pages.
        _versions = new NativeArray<ulong>(pages);
        _pageBytes = pageBytes;
        _bodyBytes = pageBytes - PageLayout.HeaderBytes - PageLayout.TagBytes;
        Span<byte> key = stackalloc byte[16];
        Aes128.DeriveKey(lifetimeKey, KeyLabels.Page, key);
        _gcm = new AesGcm128(key);
    }

    /// <summary>The untrusted region as the host sees it.</summary>
    public HostRegion Region => _view;

    /// <summary>The region's native memory, or null when it is a mapped file.</summary>
    internal NativeArray<byte>? NativeRegion => _native;

    /// <summary>Bytes of the slot area of a page.</summary>
    public int BodyBytes => _bodyBytes;

    /// <summary>The byte address of a page in the region.</summary>
    public long AddressOf(int page) => (long)page * _pageBytes;

    /// <summary>Asks the CPU to bring a page's version into cache ahead of its read (a hint; changes nothing).</summary>
    public void PrefetchVersion(int page) => Prefetcher.Line(_versions.Pointer + page);

    /// <summary>
    /// Asks the CPU to bring half a page's bytes (<paramref name="half"/> 0: the first, 1: the second) into cache ahead
    /// of its read (a hint; changes nothing).
    /// </summary>
    public void PrefetchBytes(int page, int half)
    {
        int first = half * (_pageBytes / 2);
        Prefetcher.Range(_base + AddressOf(page) + first, half == 0 ? _pageBytes / 2 : _pageBytes - first);
    }

    /// <summary>
    /// Reads and authenticates a page into <paramref name="plaintext"/>. On failure returns false with a
    /// reason and leaves <paramref name="plaintext"/> untouched.
    /// </summary>
    /// <remarks>
    /// This and <see cref="Seal"/> are compiled fully optimised from the first call: a bulk load seals every page
    /// (10^5 to 10^7 of them) in one loop, long before tiered compilation would replace the unoptimised code.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryOpen(int page, Span<byte> plaintext, out string reason)
    {
        var bytes = PageSpan(page);
        ulong expected = _versions[page];
        PageLayout.WriteNonce(_nonce, (uint)page, expected);
        bool tagOk = _gcm.TryOpen(_nonce, bytes.Slice(PageLayout.HeaderBytes, _bodyBytes), bytes[^PageLayout.TagBytes..], plaintext, bytes[..PageLayout.HeaderBytes]);
        bool headerOk = PageLayout.ReadVersion(bytes) == expected && PageLayout.ReadPageIndex(bytes) == (uint)page && PageLayout.ReadMagic(bytes) == PageLayout.Magic;
        if (tagOk && headerOk)
        {
            reason = string.Empty;
            return true;
        }

        // The hint reads unauthenticated header fields; the verdict above does not.
        reason = PageLayout.ReadVersion(bytes) < expected ? "stale version (replay)"
            : PageLayout.ReadPageIndex(bytes) != (uint)page ? "wrong page index (swap)"
            : "bad tag (modified)";
        return false;
    }

    /// <summary>Bumps the page's version and seals <paramref name="plaintext"/> into the region.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Seal(int page, ReadOnlySpan<byte> plaintext)
    {
        var bytes = PageSpan(page);
        ulong version = ++_versions[page];
        PageLayout.WriteHeader(bytes, version, (uint)page);
        PageLayout.WriteNonce(_nonce, (uint)page, version);
        _gcm.Seal(_nonce, plaintext, bytes.Slice(PageLayout.HeaderBytes, _bodyBytes), bytes[^PageLayout.TagBytes..], bytes[..PageLayout.HeaderBytes]);
    }

    /// <summary>Zeroes the region and the versions (a fresh device).</summary>
    public void Reset()
    {
        _view.Fill(0);
        _versions.Clear();
    }

    /// <summary>Frees the region's native memory.</summary>
    public void Dispose()
    {
        _versions.Dispose();
        _native?.Dispose();
        _mapped?.Dispose();
    }

    /// <summary>The page versions the device expects (a checkpoint seals them with the image).</summary>
    internal Span<ulong> Versions => _versions.Slice(0, (int)_versions.Length);

    private Span<byte> PageSpan(int page) => new(_base + AddressOf(page), _pageBytes);

    /// <summary>
    /// Moves every page to a new lifetime's page key (after a recovery's replay): each page is opened and authenticated
    /// under the old key and sealed under the new one at its next version, in page order, whatever it holds (with <paramref name="sealedPages"/> false,
    /// nothing is sealed yet and only the key changes). Returns
    /// the first page that failed authentication (the pass stops there and the old key stays), or −1.
    /// </summary>
    internal int Rekey(ReadOnlySpan<byte> lifetimeKey, bool sealedPages)
    {
        Span<byte> key = stackalloc byte[16];
        Aes128.DeriveKey(lifetimeKey, KeyLabels.Page, key);
        var next = new AesGcm128(key);
        if (!sealedPages)
        {
            _gcm = next;
            return -1;
        }

        var plain = new byte[_bodyBytes];
        for (int page = 0; page < (int)_versions.Length; page++)
        {
            if (!TryOpen(page, plain, out _))
            {
                return page;
            }

            var old = _gcm;
            _gcm = next;
            Seal(page, plain);
            _gcm = old;
        }

        _gcm = next;
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(plain);
        return -1;
    }
}

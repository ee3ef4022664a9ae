using Bolt.Core;
using Bolt.Core.Crypto;
using Bolt.Core.Durability;

namespace Bolt.Sim.Engine;

public sealed partial class BoltEngine
{
    /// <summary>The engine's private state words of a checkpoint image (<see cref="DeviceImage"/>; indexed from its first state word).</summary>
    public void SaveStateWords(Span<ulong> words)
    {
        const int first = DeviceImage.FirstStateWord;
        words[DeviceImage.Items - first] = (ulong)_map.Count;
        words[DeviceImage.StashCount - first] = (ulong)_stash.Count;
        words[DeviceImage.AccessSeq - first] = (ulong)_accessSeq;
        words[DeviceImage.StashFull - first] = _stash.Overflowed ? 1UL : 0;
        words[DeviceImage.FreeCount - first] = (ulong)_records.FreeCount;
        words[DeviceImage.IntegrityFailures - first] = (ulong)_integrityFailures;
        words[DeviceImage.LastFailedPage - first] = LastIntegrityFailure.Page < 0 ? 0 : (ulong)LastIntegrityFailure.Page;
        words[DeviceImage.Initialised - first] = _initialised ? 1UL : 0;
        words[DeviceImage.Halted - first] = _halted ? 1UL : 0;
    }

    /// <summary>
    /// Writes the engine's HBM structures in the kernel's layout: position map, records, free list, bin loads, page
    /// versions, pending lists (the host region is written apart).
    /// </summary>
    public void WriteImage(SealedImageWriter image)
    {
        ArgumentNullException.ThrowIfNull(image);
        _map.WriteImage(image);
        _records.WriteImage(image);
        _loads.WriteImage(image);
        image.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_host.Versions));
        _pending.WriteImage(image);
    }

    /// <summary>
    /// Restores what <see cref="WriteImage"/> and <see cref="SaveStateWords"/> wrote into a fresh engine of the
    /// checkpoint's lifetime. Statistics the kernel does not keep (the largest load, stash and buffer sizes) restart from
    /// the values now.
    /// </summary>
    public void ReadImage(SealedImageReader image, ReadOnlySpan<ulong> words)
    {
        ArgumentNullException.ThrowIfNull(image);
        const int first = DeviceImage.FirstStateWord;
        _accessSeq = (long)words[DeviceImage.AccessSeq - first];
        _integrityFailures = (long)words[DeviceImage.IntegrityFailures - first];
        _initialised = words[DeviceImage.Initialised - first] != 0;
        _halted = words[DeviceImage.Halted - first] != 0;
        LastIntegrityFailure = _integrityFailures == 0 ? (-1, string.Empty) : ((int)words[DeviceImage.LastFailedPage - first], "before the checkpoint");
        _stash.Restore((long)words[DeviceImage.StashCount - first], words[DeviceImage.StashFull - first] != 0);
        _map.ReadImage(image, (long)words[DeviceImage.Items - first]);
        _records.ReadImage(image, (long)words[DeviceImage.FreeCount - first]);
        _loads.ReadImage(image);
        image.Read(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_host.Versions));
        _pending.ReadImage(image);
        _hbmItems = _loads.Sum(0, (int)_hbmBins);
        _maxHbmItems = _hbmItems;
        _loadedItems = _map.Count;
    }

    /// <summary>
    /// Starts a new lifetime (after a recovery has replayed the log under the checkpoint's): the PRNG and the page key
    /// derive from <paramref name="lifetimeKey"/> from now on, and every sealed page moves to the new key. A page that
    /// fails authentication halts the device (fail-stop, as in an access).
    /// </summary>
    public void BeginLifetime(ReadOnlySpan<byte> lifetimeKey)
    {
        _prng = new AesCtrPrng(lifetimeKey);
        _drawnSequence = -1; // a draw made ahead under the old lifetime must not be used
        if (!_initialised)
        {
            // Nothing is sealed yet (a load in progress keeps its plaintext in place until the load completes).
            _host.Rekey(lifetimeKey, sealedPages: false);
            return;
        }

        int failed = _host.Rekey(lifetimeKey, sealedPages: true);
        if (failed >= 0)
        {
            _integrityFailures++;
            LastIntegrityFailure = (failed, "failed authentication while moving to a new lifetime");
            _halted = true;
        }
    }
}

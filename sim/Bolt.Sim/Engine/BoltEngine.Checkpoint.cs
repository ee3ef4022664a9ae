using Bolt.Core;
using Bolt.Core.Crypto;
using Bolt.Core.Durability;

namespace Bolt.Sim.Engine;

public sealed partial class BoltEngine
{
    /// <summary>
    /// Bytes of the engine's part of a checkpoint image, from the parameters alone: the counters, the position map,
    /// the record pool and its free list, the bin loads, the eviction buffer, the stash and the page versions.
    /// </summary>
    public static long ImageBytes(BoltParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        long counters = 8 * sizeof(long);
        long map = ((long)p.PositionSlots * BoltParameters.PositionEntryBytes) + sizeof(long);
        long records = ((long)p.RecordCapacity * p.SlotBytes) + ((long)p.RecordCapacity * sizeof(uint)) + sizeof(long);
        long loads = ((long)p.Bins * sizeof(ushort)) + sizeof(long);
        long pending = ((long)p.HostPages * sizeof(int)) + ((long)p.HostPages * p.SlotsPerBin * sizeof(uint)) + (2 * sizeof(long));
        long stash = 3 * sizeof(long);
        long versions = (long)p.HostPages * sizeof(ulong);
        return counters + map + records + loads + pending + stash + versions;
    }

    /// <summary>Writes every HBM structure and counter into a checkpoint image (the host region is written apart).</summary>
    public void WriteImage(SealedImageWriter image)
    {
        ArgumentNullException.ThrowIfNull(image);
        image.WriteInt64(_accessSeq);
        image.WriteInt64(_hbmItems);
        image.WriteInt64(_maxHbmItems);
        image.WriteInt64(_integrityFailures);
        image.WriteInt64(_initialised ? 1 : 0);
        image.WriteInt64(_halted ? 1 : 0);
        image.WriteInt64(_loadedItems);
        image.WriteInt64(LastIntegrityFailure.Page);
        _map.WriteImage(image);
        _records.WriteImage(image);
        _loads.WriteImage(image);
        _pending.WriteImage(image);
        _stash.WriteImage(image);
        image.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_host.Versions));
    }

    /// <summary>Restores what <see cref="WriteImage"/> wrote into a fresh engine of the checkpoint's lifetime.</summary>
    public void ReadImage(SealedImageReader image)
    {
        ArgumentNullException.ThrowIfNull(image);
        _accessSeq = image.ReadInt64();
        _hbmItems = image.ReadInt64();
        _maxHbmItems = image.ReadInt64();
        _integrityFailures = image.ReadInt64();
        _initialised = image.ReadInt64() != 0;
        _halted = image.ReadInt64() != 0;
        _loadedItems = image.ReadInt64();
        int failedPage = (int)image.ReadInt64();
        LastIntegrityFailure = failedPage < 0 ? (-1, string.Empty) : (failedPage, "before the checkpoint");
        _map.ReadImage(image);
        _records.ReadImage(image);
        _loads.ReadImage(image);
        _pending.ReadImage(image);
        _stash.ReadImage(image);
        image.Read(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_host.Versions));
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

using System.Buffers.Binary;
using Bolt.Core;

namespace Bolt.OpenCl;

/// <summary>
/// The initial image of the kernel's state buffer (bolt_abi.h BOLT_ST_*): parameters, device seed and timing
/// words; every counter zero. The OpenCL device uploads it before the init call; the C-sim input carries it.
/// </summary>
public static class KernelState
{
    /// <summary>Builds the image for a bulk load of <paramref name="loadItems"/> items.</summary>
    public static ulong[] Create(BoltParameters p, ReadOnlySpan<byte> seed, KernelTiming timing, int loadItems)
    {
        if (seed.Length != 16)
        {
            throw new BoltConfigurationException("seed", "The device seed must be 16 bytes.");
        }

        var st = new ulong[KernelAbi.StateWords];
        st[KernelAbi.StCapacity] = (ulong)p.Capacity;
        st[KernelAbi.StBins] = (ulong)p.Bins;
        st[KernelAbi.StHbmBins] = (ulong)p.HbmBins;
        st[KernelAbi.StHostPages] = (ulong)p.HostPages;
        st[KernelAbi.StSlotsPerBin] = (ulong)p.SlotsPerBin;
        st[KernelAbi.StSlotBytes] = (ulong)p.SlotBytes;
        st[KernelAbi.StPageBytes] = (ulong)p.PageBytes;
        st[KernelAbi.StValueSize] = (ulong)p.ValueSize;
        st[KernelAbi.StStashCapacity] = (ulong)p.StashCapacity;
        st[KernelAbi.StRecords] = (ulong)p.RecordCapacity;
        st[KernelAbi.StPositionSlots] = (ulong)p.PositionSlots;
        st[KernelAbi.StProbeWindow] = (ulong)Math.Min(BoltParameters.ProbeWindow, p.PositionSlots);
        st[KernelAbi.StCommandBytes] = (ulong)p.CommandBytes;
        st[KernelAbi.StResponseBytes] = (ulong)p.ResponseBytes;
        st[KernelAbi.StSessionSlots] = (ulong)p.SessionSlots;
        st[KernelAbi.StSeedLo] = BinaryPrimitives.ReadUInt64LittleEndian(seed);
        st[KernelAbi.StSeedHi] = BinaryPrimitives.ReadUInt64LittleEndian(seed[8..]);
        st[KernelAbi.StTRoundTrip] = (ulong)timing.RoundTrip;
        st[KernelAbi.StTPageLink] = (ulong)timing.PageLink;
        st[KernelAbi.StTPageAes] = (ulong)timing.PageAes;
        st[KernelAbi.StTAesFill] = (ulong)timing.AesFill;
        st[KernelAbi.StTHbmLatency] = (ulong)timing.HbmLatency;
        st[KernelAbi.StTWindowHbm] = (ulong)timing.WindowHbm;
        st[KernelAbi.StTRecordHbm] = (ulong)timing.RecordHbm;
        st[KernelAbi.StTModify] = (ulong)timing.Modify;
        st[KernelAbi.StTTurnaround] = (ulong)timing.Turnaround;
        st[KernelAbi.StTLoadHbm] = (ulong)timing.LoadHbmCycles(loadItems);
        st[KernelAbi.StTAesBytesPerCycle] = (ulong)timing.AesBytesPerCycle;
        return st;
    }
}

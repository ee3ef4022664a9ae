using Bolt.Core;

namespace Bolt.OpenCl;

/// <summary>
/// The kernel's public config buffer (bolt_abi.h words 0..31 of BOLT_ST_*): parameters and timing words, nothing
/// secret. The OpenCL device uploads it before each call that needs it; the C-sim input carries it. The root key and
/// the lifetime reach the kernel only through provisioning (SPEC §11), into its private state.
/// </summary>
public static class KernelConfig
{
    /// <summary>Builds the config for a bulk load of <paramref name="loadItems"/> items.</summary>
    public static ulong[] Create(BoltParameters p, KernelTiming timing, int loadItems)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(timing);
        var st = new ulong[KernelAbi.ConfigWords];
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
        st[KernelAbi.StTPipelineDepth] = (ulong)timing.PipelineDepth;
        st[KernelAbi.StTWindowStriped] = (ulong)timing.WindowStriped;
        st[KernelAbi.StTGhashTail] = (ulong)timing.GhashTail;
        st[KernelAbi.StTPageGhash] = (ulong)timing.PageGhash;
        st[KernelAbi.StTResponseSelect] = (ulong)timing.ResponseSelect;
        st[KernelAbi.StTGhashBytesPerCycle] = (ulong)timing.GhashBytesPerCycle;
        return st;
    }
}

using System.Text;
using Bolt.Core;
using Bolt.Sim.Timing;

namespace Bolt.OpenCl.Cosim;

/// <summary>
/// Writes the C-simulation input (hardware/README.md, "C-sim input format"), all little-endian:
/// <code>
/// "BOLTCSI1"                                  8 bytes
/// N u32, c u32, V u32, S u32, alpha f64       primary parameters (the testbench re-derives SPEC §1 and checks)
/// l_max override u32                          0 = derived from N and c (BoltParameters' slotsPerBin experiment knob)
/// words u32 (= 64), state[words] u64          initial kernel state image (bolt_abi.h BOLT_ST_*)
/// load count u32, load link cycles u64, load records (count × CommandBytes)
/// batch count u32, then per batch: count u32, link-in cycles u64, link-out cycles u64, records
/// </code>
/// </summary>
public static class CsimInput
{
    /// <summary>Writes a workload for a seed on a platform.</summary>
    public static void Write(Stream stream, CosimWorkload workload, ReadOnlySpan<byte> seed, PlatformPreset platform)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var p = workload.Parameters;
        var timing = new KernelTiming(p, platform);
        int loadCount = workload.Load.Length / p.CommandBytes;
        using var w = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
        w.Write("BOLTCSI1"u8);
        w.Write((uint)p.Capacity);
        w.Write((uint)p.BinFactor);
        w.Write((uint)p.ValueSize);
        w.Write((uint)p.StashCapacity);
        w.Write(p.HbmFraction);
        int derived = new BoltParameters(p.Capacity, p.BinFactor, p.HbmFraction, p.ValueSize, p.StashCapacity).SlotsPerBin;
        w.Write(p.SlotsPerBin == derived ? 0u : (uint)p.SlotsPerBin);
        w.Write((uint)KernelAbi.StateWords);
        foreach (ulong word in KernelState.Create(p, seed, timing, loadCount))
        {
            w.Write(word);
        }

        w.Write((uint)loadCount);
        w.Write((ulong)timing.LinkCycles(workload.Load.Length));
        w.Write(workload.Load);
        w.Write((uint)workload.Batches.Count);
        foreach (var batch in workload.Batches)
        {
            int count = batch.Length / p.CommandBytes;
            w.Write((uint)count);
            w.Write((ulong)timing.LinkCycles(batch.Length));
            w.Write((ulong)timing.LinkCycles(count * p.ResponseBytes));
            w.Write(batch);
        }
    }
}

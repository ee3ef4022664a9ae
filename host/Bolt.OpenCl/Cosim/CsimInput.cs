using System.Text;
using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Core.Device;
using Bolt.Sim.Timing;

namespace Bolt.OpenCl.Cosim;

/// <summary>
/// Writes the C-simulation input (hardware/README.md, "C-sim input format"), all little-endian:
/// <code>
/// "BOLTCSI4"                                  8 bytes
/// N u32, c u32, V u32, S u32, alpha f64       primary parameters (the testbench re-derives SPEC §1 and checks)
/// l_max override u32                          0 = derived from N and c (BoltParameters' slotsPerBin experiment knob)
/// flags u32                                   bit 0: sealed channel (SPEC §10), else the plaintext record port;
///                                             bit 1: end with a checkpoint export and import (SPEC §12)
/// frames per call u32                         1 = a kernel call per frame; more (sealed only) = that many consecutive
///                                             frames per BOLT_MODE_EXECUTE_FRAMES call (multi-frame submission)
/// words u32 (= 32), config[words] u64        the public config buffer (bolt_abi.h BOLT_ST_* words 0..31)
/// provisioning input (60 bytes)               root key sealed to the development device key, then the lifetime
/// sealed only: client hello (16 bytes)
/// load count u32, load link cycles u64, load records (count × CommandBytes)
/// batch count u32, then per batch: count u32, link-in cycles u64, link-out cycles u64, records
/// </code>
/// When sealed, each count is the byte length of a sealed frame and the records are that frame. Link cycles are
/// always those of the sealed frames (SPEC §10.6).
/// </summary>
public static class CsimInput
{
    /// <summary>
    /// Writes a workload for a seed on a platform; <paramref name="checkpointRoundTrip"/> asks the C-sim to end with a
    /// checkpoint export and import, <paramref name="framesPerCall"/> to submit that many sealed frames per call.
    /// </summary>
    public static void Write(Stream stream, CosimWorkload workload, CosimKeys keys, PlatformPreset platform, SealedTranscript? transcript = null, int framesPerCall = 1, bool checkpointRoundTrip = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(framesPerCall, 1);
        if (transcript is null && framesPerCall != 1)
        {
            throw new ArgumentException("Several frames per call need the sealed channel (a transcript).", nameof(framesPerCall));
        }

        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(keys);
        var p = workload.Parameters;
        var timing = new KernelTiming(p, platform);
        int loadCount = workload.Load.Length / p.CommandBytes;
        using var w = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
        w.Write("BOLTCSI4"u8);
        w.Write((uint)p.Capacity);
        w.Write((uint)p.BinFactor);
        w.Write((uint)p.ValueSize);
        w.Write((uint)p.StashCapacity);
        w.Write(p.HbmFraction);
        int derived = new BoltParameters(p.Capacity, p.BinFactor, p.HbmFraction, p.ValueSize, p.StashCapacity).SlotsPerBin;
        w.Write(p.SlotsPerBin == derived ? 0u : (uint)p.SlotsPerBin);
        w.Write((transcript is null ? 0u : 1u) | (checkpointRoundTrip ? 2u : 0u));
        w.Write((uint)framesPerCall);
        w.Write((uint)KernelAbi.ConfigWords);
        foreach (ulong word in KernelConfig.Create(p, timing, loadCount))
        {
            w.Write(word);
        }

        w.Write(DeviceProvisioning.Seal(DeviceProvisioning.DevelopmentDeviceKey, keys.Seed));
        w.Write(keys.Lifetime);

        if (transcript is not null)
        {
            w.Write(transcript.ClientHello);
        }

        w.Write((uint)(transcript is null ? loadCount : transcript.LoadFrame.Length));
        w.Write((ulong)timing.LinkCycles(FrameLayout.Bytes(loadCount, p.CommandBytes)));
        w.Write(transcript is null ? workload.Load : transcript.LoadFrame);
        w.Write((uint)workload.Batches.Count);
        for (int b = 0; b < workload.Batches.Count; b++)
        {
            var batch = workload.Batches[b];
            int count = batch.Length / p.CommandBytes;
            w.Write((uint)(transcript is null ? count : transcript.CommandFrames[b].Length));
            w.Write((ulong)timing.LinkCycles(FrameLayout.Bytes(count, p.CommandBytes)));
            w.Write((ulong)timing.LinkCycles(FrameLayout.Bytes(count, p.ResponseBytes)));
            w.Write(transcript is null ? batch : transcript.CommandFrames[b]);
        }
    }
}

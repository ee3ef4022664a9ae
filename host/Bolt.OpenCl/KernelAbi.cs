using Bolt.Core;
using Bolt.Core.Channel;
using Bolt.Core.Trace;

namespace Bolt.OpenCl;

/// <summary>
/// The C# twin of hardware/kernel/bolt_abi.h beyond the record layouts that Bolt.Core.Abi already mirrors:
/// the kernel's modes, its state-buffer words and its trace-row format. KernelAbiHeaderTests keeps them equal.
/// </summary>
public static class KernelAbi
{
    /// <summary>Kernel mode: device-side initialisation and bulk load.</summary>
    public const uint ModeInit = 0;

    /// <summary>Kernel mode: serve a batch of command records.</summary>
    public const uint ModeExecute = 1;

    /// <summary>Kernel mode: open a sealed-channel session (client hello in, device hello out).</summary>
    public const uint ModeHello = 2;

    /// <summary>Kernel mode: authenticate a sealed load frame, then initialise and bulk load.</summary>
    public const uint ModeInitSealed = 3;

    /// <summary>Kernel mode: authenticate a sealed command frame, serve it and write the sealed response frame.</summary>
    public const uint ModeExecuteSealed = 4;

    /// <summary>Kernel mode: open a provisioning blob and start a fresh lifetime (SPEC §11).</summary>
    public const uint ModeProvision = 5;

    /// <summary>Kernel mode: several sealed command frames in one launch (multi-frame submission), each served as <see cref="ModeExecuteSealed"/> serves one.</summary>
    public const uint ModeExecuteFrames = 7;

    /// <summary>BOLT_MODE_CHECKPOINT_EXPORT: the header goes down, the completed header and the sealed image come back (SPEC §12).</summary>
    public const uint ModeCheckpointExport = 6;

    /// <summary>BOLT_MODE_CHECKPOINT_IMPORT: header and sealed image go down; authenticated whole before any state changes.</summary>
    public const uint ModeCheckpointImport = 8;

    /// <summary>BOLT_MODE_NEW_LIFETIME: a fresh lifetime nonce goes down; every sealed page is re-sealed under the new key.</summary>
    public const uint ModeNewLifetime = 9;

    /// <summary>Status of a refused checkpoint import: not authentic or not whole.</summary>
    public const ulong CallBadCheckpoint = 105;

    /// <summary>Status of a refused checkpoint import: another device's or another map's image.</summary>
    public const ulong CallWrongDevice = 106;

    /// <summary>Status of a refused checkpoint import: bound to a counter below the caller's minimum.</summary>
    public const ulong CallRolledBack = 107;

    /// <summary>Bytes of one input entry of <see cref="ModeExecuteFrames"/>: frame bytes, link-in cycles, link-out cycles (u64 each).</summary>
    public const int FramesEntryBytes = 24;

    /// <summary>Bytes of one result entry of <see cref="ModeExecuteFrames"/>: call status, response frame bytes (u64 each).</summary>
    public const int FramesResultBytes = 16;

    /// <summary>Bytes of the provisioning input: the 44-byte sealed root key, then 16 bytes of lifetime entropy.</summary>
    public const int ProvisionInputBytes = 60;

    /// <summary>Bytes of the device-private session table at the start of the kernel's scratch buffer: the last session id and one slot per session.</summary>
    public static long SessionTableBytes(BoltParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return 8 + ((long)parameters.SessionSlots * SessionSlotBytes);
    }

    /// <summary>Bytes of one session slot of the table: id, next sequence, two keys, last executed tag, cached response bytes.</summary>
    public const int SessionSlotBytes = 72;

    /// <summary>
    /// Bytes of the kernel's device-private scratch buffer: the session table, and one response
    /// cache slot per session that holds the largest response frame (SPEC §10.4), and the bulk load's staging: the
    /// plaintext of every host page while the load places items (SPEC §7), sealed into the host region at its end.
    /// </summary>
    public static long ScratchBytes(BoltParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return SessionTableBytes(parameters)
            + ((long)parameters.SessionSlots * FrameLayout.Bytes(ChannelEndpoint.MaxFrameRecords, parameters.ResponseBytes))
            + ((long)parameters.HostPages * parameters.PageBytes);
    }

    /// <summary>u64 words in the device-private state buffer.</summary>
    public const int StateWords = 128;

    /// <summary>u64 words in the public config buffer (parameters and timing, words 0..31 of the BOLT_ST_ index space).</summary>
    public const int ConfigWords = 32;

    /// <summary>u64 words in the public status buffer (BOLT_PUB_*).</summary>
    public const int PublicWords = 16;

    /// <summary>u64 words per trace row: op, cycle, address, kind | bytes &lt;&lt; 32.</summary>
    public const int TraceRowWords = 4;

#pragma warning disable CS1591 // One word index per state field; bolt_abi.h documents each.
    public const int StCapacity = 0;
    public const int StBins = 1;
    public const int StHbmBins = 2;
    public const int StHostPages = 3;
    public const int StSlotsPerBin = 4;
    public const int StSlotBytes = 5;
    public const int StPageBytes = 6;
    public const int StValueSize = 7;
    public const int StStashCapacity = 8;
    public const int StRecords = 9;
    public const int StPositionSlots = 10;
    public const int StProbeWindow = 11;
    public const int StCommandBytes = 12;
    public const int StResponseBytes = 13;
    // Pipelined timing words (SPEC §9.2): striped probe window, GHASH tail, page GHASH pass, response select, GHASH rate.
    public const int StTWindowStriped = 14;
    public const int StTGhashTail = 15;
    public const int StTPageGhash = 29;
    public const int StTResponseSelect = 30;
    public const int StTGhashBytesPerCycle = 31;
    public const int StTRoundTrip = 16;
    public const int StTPageLink = 17;
    public const int StTPageAes = 18;
    public const int StTAesFill = 19;
    public const int StTHbmLatency = 20;
    public const int StTWindowHbm = 21;
    public const int StTRecordHbm = 22;
    public const int StTModify = 23;
    public const int StTTurnaround = 24;
    public const int StTLoadHbm = 25;
    public const int StTAesBytesPerCycle = 26;

    /// <summary>State word: session slots of the sealed channel (<see cref="BoltParameters.SessionSlots"/>).</summary>
    public const int StSessionSlots = 27;

    /// <summary>Config word: accesses in flight (<see cref="Bolt.Sim.Timing.PlatformPreset.PipelineDepth"/>; 0 = sequential schedule).</summary>
    public const int StTPipelineDepth = 28;
    public const int StItems = 32;
    public const int StStashCount = 33;
    public const int StAccessSeq = 34;
    public const int StStashFull = 35;
    public const int StFreeCount = 36;
    public const int StStatus = 37;
    public const int StErrorIndex = 38;
    public const int StTraceRows = 39;
    public const int StIntegrityFailures = 40;
    public const int StLastFailedPage = 41;
    public const int StInitialised = 42;
    public const int StFramesRejected = 43;
    public const int StResultBytes = 44;
    public const int StChannelReady = 45;
    public const int StFramesRetransmitted = 46;
    public const int StCommits = 47;
    public const int StLinkInFree = 48;
    public const int StLinkOutFree = 49;
    public const int StPmFree = 50;
    public const int StRecFree = 51;
    public const int StCryptoFree = 52;
    public const int StDeviceFree = 53;
    public const int StHostReady = 54;
    public const int StLoadPlaced = 55;
    public const int StRootKeyLo = 56;
    public const int StRootKeyHi = 57;
    public const int StLifetimeLo = 58;
    public const int StLifetimeHi = 59;
    public const int StProvisioned = 60;
    public const int StHalted = 61;
    public const int StOps = 62;
    public const int StBatches = 63;

    // The pipelined schedule's resources (SPEC §9.2): bolt_abi.h BOLT_ST_PIPE_*.
    public const int StPipeLookupFree = 64;
    public const int StPipeModifyFree = 65;
    public const int StPipeSealFree = 66;
    public const int StPipeFrameFree = 67;
    public const int StPipeRecReadFree = 68;
    public const int StPipeRecWriteFree = 69;
    public const int StPipeAccesses = 70;
    public const int StPipePending = 71;
    public const int StPipeWrites = 72;
    public const int StPipeFrameKeystream = 80;
    public const int StPipeResponseKeystream = 81;
    public const int StPipeSealGhashFree = 82;
    public const int StPipeFrameGhashFree = 83;
    public const int StPipeOpenGhashFree = 84;
    public const int StPipeEnds = 96;
    public const int PubStatus = 0;
    public const int PubErrorIndex = 1;
    public const int PubTraceRows = 2;
    public const int PubResultBytes = 3;
    public const int PubFramesRejected = 4;
    public const int PubFramesRetransmitted = 5;
    public const int PubIntegrityFailures = 6;
    public const int PubHalted = 7;
    public const int PubInitialised = 8;
    public const int PubOps = 9;
    public const int PubBatches = 10;
    public const int PubProvisioned = 11;
    public const int PubDeviceIdLo = 12;
    public const int PubDeviceIdHi = 13;
    public const int PubCommits = 14;
    public const ulong CallNotInitialised = 100;
    public const ulong CallAlreadyInitialised = 101;
    public const ulong CallBadMode = 102;
    public const ulong CallNotProvisioned = 103;
    public const ulong CallBadProvision = 104;
    public const ulong CallChannelFault = 200;
#pragma warning restore CS1591

    /// <summary>Decodes one kernel trace row into the public trace form.</summary>
    public static TraceRow DecodeTraceRow(ReadOnlySpan<ulong> row) =>
        new((long)row[0], (long)row[1], (TraceKind)(uint)row[3], (long)row[2], (int)(row[3] >> 32));
}

using System.Globalization;
using System.Text.RegularExpressions;
using Bolt.Core;
using Bolt.Core.Abi;
using Bolt.Core.Channel;
using Bolt.Core.Crypto;
using Bolt.Core.Device;
using Bolt.Core.Durability;
using Bolt.Core.Trace;
using Bolt.OpenCl;
using Bolt.Sim.Engine;
using Xunit;

namespace Bolt.Tests.Kernel;

/// <summary>The C header hardware/kernel/bolt_abi.h and the C# layouts define one ABI: every number must agree.</summary>
public sealed partial class KernelAbiHeaderTests
{
    private static readonly Dictionary<string, ulong> Defines = ParseHeader();

    public static TheoryData<string, ulong> Expected => new()
    {
        { "BOLT_SLOT_DIGEST_OFFSET", 0 },
        { "BOLT_SLOT_META_OFFSET", SlotLayout.MetaOffset },
        { "BOLT_SLOT_VALUE_OFFSET", SlotLayout.ValueOffset },
        { "BOLT_SLOT_OCCUPIED_BIT", SlotLayout.OccupiedBit },
        { "BOLT_PAGE_HEADER_BYTES", PageLayout.HeaderBytes },
        { "BOLT_PAGE_TAG_BYTES", PageLayout.TagBytes },
        { "BOLT_PAGE_MAGIC", PageLayout.Magic },
        { "BOLT_POSITION_ENTRY_BYTES", BoltParameters.PositionEntryBytes },
        { "BOLT_PROBE_WINDOW", BoltParameters.ProbeWindow },
        { "BOLT_STASH_HOME", PositionMap.StashHome },
        { "BOLT_NO_RECORD", PositionMap.NoRecord },
        { "BOLT_CMD_LENGTH_OFFSET", CommandLayout.LengthOffset },
        { "BOLT_CMD_DIGEST_OFFSET", CommandLayout.DigestOffset },
        { "BOLT_CMD_VALUE_OFFSET", CommandLayout.ValueOffset },
        { "BOLT_RSP_LENGTH_OFFSET", ResponseLayout.LengthOffset },
        { "BOLT_RSP_FLAGS_OFFSET", ResponseLayout.FlagsOffset },
        { "BOLT_RSP_VALUE_OFFSET", ResponseLayout.ValueOffset },
        { "BOLT_RSP_FLAG_WAS_PRESENT", ResponseLayout.WasPresentFlag },
        { "BOLT_OP_GET", (ulong)OpCode.Get },
        { "BOLT_OP_PUT", (ulong)OpCode.Put },
        { "BOLT_OP_DELETE", (ulong)OpCode.Delete },
        { "BOLT_STATUS_OK", (ulong)DeviceStatus.Ok },
        { "BOLT_STATUS_NOT_FOUND", (ulong)DeviceStatus.NotFound },
        { "BOLT_STATUS_CAPACITY_EXCEEDED", (ulong)DeviceStatus.CapacityExceeded },
        { "BOLT_STATUS_STASH_OVERFLOW", (ulong)DeviceStatus.StashOverflow },
        { "BOLT_STATUS_VALUE_TOO_LARGE", (ulong)DeviceStatus.ValueTooLarge },
        { "BOLT_STATUS_INVALID_COMMAND", (ulong)DeviceStatus.InvalidCommand },
        { "BOLT_STATUS_INVALID_KEY", (ulong)DeviceStatus.InvalidKey },
        { "BOLT_STATUS_INTEGRITY_VIOLATION", (ulong)DeviceStatus.IntegrityViolation },
        { "BOLT_STATUS_HALTED", (ulong)DeviceStatus.Halted },
        { "BOLT_DOMAIN_DUMMY", AesCtrPrng.DummyDomain },
        { "BOLT_MODE_PROVISION", KernelAbi.ModeProvision },
        { "BOLT_MODE_EXECUTE_FRAMES", KernelAbi.ModeExecuteFrames },
        { "BOLT_MODE_CHECKPOINT_EXPORT", KernelAbi.ModeCheckpointExport },
        { "BOLT_MODE_CHECKPOINT_IMPORT", KernelAbi.ModeCheckpointImport },
        { "BOLT_MODE_NEW_LIFETIME", KernelAbi.ModeNewLifetime },
        { "BOLT_CALL_BAD_CHECKPOINT", KernelAbi.CallBadCheckpoint },
        { "BOLT_CALL_WRONG_DEVICE", KernelAbi.CallWrongDevice },
        { "BOLT_CALL_ROLLED_BACK", KernelAbi.CallRolledBack },
        { "BOLT_PUB_DEVICE_ID_LO", KernelAbi.PubDeviceIdLo },
        { "BOLT_PUB_DEVICE_ID_HI", KernelAbi.PubDeviceIdHi },
        { "BOLT_PUB_COMMITS", KernelAbi.PubCommits },
        { "BOLT_CHECKPOINT_HEADER_BYTES", CheckpointHeader.Bytes },
        { "BOLT_IMAGE_CHUNK_BYTES", CheckpointHeader.ChunkBytes },
        { "BOLT_IMAGE_PARAMETER_WORDS", DeviceImage.ParameterWords },
        { "BOLT_ST_ITEMS", DeviceImage.Items },
        { "BOLT_ST_STASH_COUNT", DeviceImage.StashCount },
        { "BOLT_ST_ACCESS_SEQ", DeviceImage.AccessSeq },
        { "BOLT_ST_STASH_FULL", DeviceImage.StashFull },
        { "BOLT_ST_FREE_COUNT", DeviceImage.FreeCount },
        { "BOLT_ST_INTEGRITY_FAILURES", DeviceImage.IntegrityFailures },
        { "BOLT_ST_LAST_FAILED_PAGE", DeviceImage.LastFailedPage },
        { "BOLT_ST_INITIALISED", DeviceImage.Initialised },
        { "BOLT_ST_FRAMES_REJECTED", DeviceImage.FramesRejected },
        { "BOLT_ST_CHANNEL_READY", DeviceImage.ChannelReady },
        { "BOLT_ST_FRAMES_RETRANSMITTED", DeviceImage.FramesRetransmitted },
        { "BOLT_ST_COMMITS", DeviceImage.Commits },
        { "BOLT_ST_LINK_IN_FREE", DeviceImage.LinkInFree },
        { "BOLT_ST_LINK_OUT_FREE", DeviceImage.LinkOutFree },
        { "BOLT_ST_PM_FREE", DeviceImage.PmFree },
        { "BOLT_ST_REC_FREE", DeviceImage.RecFree },
        { "BOLT_ST_CRYPTO_FREE", DeviceImage.CryptoFree },
        { "BOLT_ST_DEVICE_FREE", DeviceImage.DeviceFree },
        { "BOLT_ST_HOST_READY", DeviceImage.HostReady },
        { "BOLT_ST_LOAD_PLACED", DeviceImage.LoadPlaced },
        { "BOLT_ST_LIFETIME_LO", DeviceImage.LifetimeLo },
        { "BOLT_ST_LIFETIME_HI", DeviceImage.LifetimeHi },
        { "BOLT_ST_HALTED", DeviceImage.Halted },
        { "BOLT_ST_OPS", DeviceImage.Ops },
        { "BOLT_ST_BATCHES", DeviceImage.Batches },
        { "BOLT_ST_PIPE_LOOKUP_FREE", DeviceImage.PipeLookupFree },
        { "BOLT_ST_PIPE_MODIFY_FREE", DeviceImage.PipeModifyFree },
        { "BOLT_ST_PIPE_SEAL_FREE", DeviceImage.PipeSealFree },
        { "BOLT_ST_PIPE_FRAME_FREE", DeviceImage.PipeFrameFree },
        { "BOLT_ST_PIPE_REC_READ_FREE", DeviceImage.PipeRecReadFree },
        { "BOLT_ST_PIPE_REC_WRITE_FREE", DeviceImage.PipeRecWriteFree },
        { "BOLT_ST_PIPE_ACCESSES", DeviceImage.PipeAccesses },
        { "BOLT_ST_PIPE_PENDING", DeviceImage.PipePending },
        { "BOLT_ST_PIPE_ENDS", DeviceImage.PipeEnds },
        { "BOLT_ST_PIPE_FRAME_KEYSTREAM", DeviceImage.PipeFrameKeystream },
        { "BOLT_ST_PIPE_RESPONSE_KEYSTREAM", DeviceImage.PipeResponseKeystream },
        { "BOLT_ST_PIPE_SEAL_GHASH_FREE", DeviceImage.PipeSealGhashFree },
        { "BOLT_ST_PIPE_FRAME_GHASH_FREE", DeviceImage.PipeFrameGhashFree },
        { "BOLT_ST_PIPE_OPEN_GHASH_FREE", DeviceImage.PipeOpenGhashFree },
        { "BOLT_FRAMES_ENTRY_BYTES", KernelAbi.FramesEntryBytes },
        { "BOLT_FRAMES_RESULT_BYTES", KernelAbi.FramesResultBytes },
        { "BOLT_PROVISION_INPUT_BYTES", KernelAbi.ProvisionInputBytes },
        { "BOLT_PROVISION_BLOB_BYTES", DeviceProvisioning.BlobBytes },
        { "BOLT_CONFIG_WORDS", KernelAbi.ConfigWords },
        { "BOLT_PUBLIC_WORDS", KernelAbi.PublicWords },
        { "BOLT_CALL_NOT_PROVISIONED", KernelAbi.CallNotProvisioned },
        { "BOLT_CALL_BAD_PROVISION", KernelAbi.CallBadProvision },
        { "BOLT_DOMAIN_ACCESS", AesCtrPrng.AccessDomain },
        { "BOLT_DOMAIN_LOAD", AesCtrPrng.LoadDomain },
        { "BOLT_DOMAIN_SESSION", AesCtrPrng.SessionDomain },
        { "BOLT_FRAME_SEQUENCE_OFFSET", FrameLayout.SequenceOffset },
        { "BOLT_FRAME_COUNT_OFFSET", FrameLayout.CountOffset },
        { "BOLT_FRAME_KIND_OFFSET", FrameLayout.KindOffset },
        { "BOLT_FRAME_HEADER_BYTES", FrameLayout.HeaderBytes },
        { "BOLT_FRAME_TAG_BYTES", FrameLayout.TagBytes },
        { "BOLT_FRAME_COMMANDS", (ulong)FrameKind.Commands },
        { "BOLT_FRAME_RESPONSES", (ulong)FrameKind.Responses },
        { "BOLT_FRAME_LOAD", (ulong)FrameKind.Load },
        { "BOLT_FRAME_MAX_RECORDS", ChannelEndpoint.MaxFrameRecords },
        { "BOLT_HELLO_CLIENT_BYTES", HelloLayout.ClientBytes },
        { "BOLT_HELLO_DEVICE_BYTES", HelloLayout.DeviceBytes },
        { "BOLT_HELLO_NONCE_OFFSET", HelloLayout.DeviceNonceOffset },
        { "BOLT_HELLO_CONFIRM_OFFSET", HelloLayout.ConfirmationOffset },
        { "BOLT_SESSION_SLOT_BYTES", KernelAbi.SessionSlotBytes },
        { "BOLT_SESSION_TAG_OFFSET", 16 + (2ul * ChannelKdf.KeyBytes) },
        { "BOLT_SESSION_CACHED_OFFSET", 16 + (2ul * ChannelKdf.KeyBytes) + FrameLayout.TagBytes },
        { "BOLT_FAULT_MALFORMED", (ulong)ChannelFault.Malformed },
        { "BOLT_FAULT_UNKNOWN_SESSION", (ulong)ChannelFault.UnknownSession },
        { "BOLT_FAULT_REPLAYED", (ulong)ChannelFault.Replayed },
        { "BOLT_FAULT_OUT_OF_ORDER", (ulong)ChannelFault.OutOfOrder },
        { "BOLT_FAULT_BAD_TAG", (ulong)ChannelFault.BadTag },
        { "BOLT_FAULT_HANDSHAKE", (ulong)ChannelFault.Handshake },
        { "BOLT_MODE_HELLO", KernelAbi.ModeHello },
        { "BOLT_MODE_INIT_SEALED", KernelAbi.ModeInitSealed },
        { "BOLT_MODE_EXECUTE_SEALED", KernelAbi.ModeExecuteSealed },
        { "BOLT_CALL_CHANNEL_FAULT", KernelAbi.CallChannelFault },
        { "BOLT_TRACE_R", (ulong)TraceKind.R },
        { "BOLT_TRACE_W", (ulong)TraceKind.W },
        { "BOLT_TRACE_CMD", (ulong)TraceKind.CMD },
        { "BOLT_TRACE_RSP", (ulong)TraceKind.RSP },
        { "BOLT_MODE_INIT", KernelAbi.ModeInit },
        { "BOLT_MODE_EXECUTE", KernelAbi.ModeExecute },
        { "BOLT_STATE_WORDS", KernelAbi.StateWords },
        { "BOLT_PIPELINE_MAX_DEPTH", (ulong)Bolt.Sim.Timing.PlatformPreset.MaxPipelineDepth },
        { "BOLT_TRACE_ROW_WORDS", KernelAbi.TraceRowWords },
        { "BOLT_CALL_NOT_INITIALISED", KernelAbi.CallNotInitialised },
        { "BOLT_CALL_ALREADY_INITIALISED", KernelAbi.CallAlreadyInitialised },
        { "BOLT_CALL_BAD_MODE", KernelAbi.CallBadMode },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Header_define_equals_the_CSharp_constant(string name, ulong value)
    {
        Assert.True(Defines.ContainsKey(name), $"{name} is missing from bolt_abi.h");
        Assert.Equal(value, Defines[name]);
    }

    [Fact]
    public void Every_state_word_of_the_header_has_the_same_index_in_KernelAbi()
    {
        var csharp = typeof(KernelAbi).GetFields().Where(f => f.IsLiteral && f.Name.StartsWith("St", StringComparison.Ordinal) && f.Name != "StateWords")
            .ToDictionary(f => Normalise(f.Name[2..]), f => Convert.ToUInt64(f.GetValue(null), CultureInfo.InvariantCulture));
        var header = Defines.Where(d => d.Key.StartsWith("BOLT_ST_", StringComparison.Ordinal)).ToDictionary(d => Normalise(d.Key["BOLT_ST_".Length..]), d => d.Value);
        Assert.Equal(header.Count, csharp.Count);
        foreach (var (name, index) in header)
        {
            Assert.True(csharp.TryGetValue(name, out ulong mirrored), $"KernelAbi has no St{name}");
            Assert.Equal(index, mirrored);
        }
    }

    [Fact]
    public void Every_public_status_word_of_the_header_has_the_same_index_in_KernelAbi()
    {
        var csharp = typeof(KernelAbi).GetFields().Where(f => f.IsLiteral && f.Name.StartsWith("Pub", StringComparison.Ordinal) && f.Name != "PublicWords")
            .ToDictionary(f => Normalise(f.Name[3..]), f => Convert.ToUInt64(f.GetValue(null), CultureInfo.InvariantCulture));
        var header = Defines.Where(d => d.Key.StartsWith("BOLT_PUB_", StringComparison.Ordinal)).ToDictionary(d => Normalise(d.Key["BOLT_PUB_".Length..]), d => d.Value);
        Assert.Equal(header.Count, csharp.Count);
        foreach (var (name, index) in header)
        {
            Assert.True(csharp.TryGetValue(name, out ulong mirrored), $"KernelAbi has no Pub{name}");
            Assert.Equal(index, mirrored);
        }
    }

    [Fact]
    public void Position_entry_fields_fit_the_32_byte_entry()
    {
        Assert.Equal(Defines["BOLT_POSITION_ENTRY_BYTES"], Defines["BOLT_POSITION_ENTRY_WORDS"] * 8);
        Assert.Equal(16ul, Defines["BOLT_POSITION_CAND1_OFFSET"]);
        Assert.Equal(20ul, Defines["BOLT_POSITION_CAND2_OFFSET"]);
        Assert.Equal(24ul, Defines["BOLT_POSITION_HOME_OFFSET"]);
        Assert.Equal(28ul, Defines["BOLT_POSITION_REC_OFFSET"]);
    }

    [Fact]
    public void The_session_table_holds_the_last_id_and_every_slot()
    {
        var p = new BoltParameters(capacity: 1024, sessionSlots: 300);
        Assert.Equal(8 + (300 * (long)Defines["BOLT_SESSION_SLOT_BYTES"]), KernelAbi.SessionTableBytes(p));
        Assert.Equal(16 + (2ul * ChannelKdf.KeyBytes) + FrameLayout.TagBytes + 8, Defines["BOLT_SESSION_SLOT_BYTES"]);
    }

    private static string Normalise(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    private static Dictionary<string, ulong> ParseHeader()
    {
        using var stream = typeof(KernelAbi).Assembly.GetManifestResourceStream("kernel/bolt_abi.h")!;
        using var reader = new StreamReader(stream);
        var defines = new Dictionary<string, ulong>();
        foreach (Match m in DefineLine().Matches(reader.ReadToEnd()))
        {
            string literal = m.Groups[2].Value.TrimEnd('u', 'U');
            defines[m.Groups[1].Value] = literal.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? ulong.Parse(literal[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                : ulong.Parse(literal, CultureInfo.InvariantCulture);
        }

        return defines;
    }

    [GeneratedRegex(@"^#define\s+(BOLT_\w+)\s+(0x[0-9A-Fa-f]+u?|\d+u?)\s*$", RegexOptions.Multiline)]
    private static partial Regex DefineLine();
}

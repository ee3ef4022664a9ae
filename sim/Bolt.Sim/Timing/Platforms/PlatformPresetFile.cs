using System.Text.Json;
using System.Text.Json.Serialization;
using Bolt.Core;

namespace Bolt.Sim.Timing.Platforms;

/// <summary>
/// A platform preset stored as JSON (what `bolt calibrate` writes from measurements on a board), loadable wherever
/// the simulator takes a <see cref="PlatformPreset"/>. The file holds the preset, what was measured to produce
/// it, and where: <c>{ "preset": { ... }, "measured": { "name": value, ... }, "source": "..." }</c>.
/// </summary>
public static class PlatformPresetFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Writes a preset with the measurements it came from.</summary>
    public static void Save(string path, PlatformPreset preset, IReadOnlyDictionary<string, double> measured, string source)
    {
        using var stream = File.Create(path);
        Save(stream, preset, measured, source);
    }

    /// <summary>Writes a preset with the measurements it came from to a stream (left open).</summary>
    public static void Save(Stream stream, PlatformPreset preset, IReadOnlyDictionary<string, double> measured, string source)
    {
        ArgumentNullException.ThrowIfNull(preset);
        JsonSerializer.Serialize(stream, new Contents { Preset = preset, Measured = new(measured), Source = source }, Json);
    }

    /// <summary>Reads a preset file.</summary>
    /// <exception cref="BoltConfigurationException">The file is missing, not JSON of this shape, or a value is out of range.</exception>
    public static PlatformPreset Load(string path)
    {
        Contents? contents;
        try
        {
            contents = JsonSerializer.Deserialize<Contents>(File.ReadAllText(path), Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new BoltConfigurationException("platform", $"The platform preset file '{path}' cannot be read: {e.Message}");
        }

        var p = contents?.Preset ?? throw new BoltConfigurationException("platform", $"The platform preset file '{path}' has no \"preset\" object.");
        Require(p.KernelClockHz > 0 && p.HbmChannelBytesPerSecond > 0 && p.PcieBytesPerSecond > 0, path, "clock and bandwidths must be positive");
        Require(p.HbmPseudoChannels > 0 && p.HbmChannelBytes > 0 && p.HbmPortBytesPerCycle > 0 && p.AesGcmBytesPerCycle > 0, path, "channel count, channel size and widths must be positive");
        Require(p.HbmReadLatencyCycles >= 0 && p.PcieRoundTripNs >= 0 && p.AesGcmFillCycles >= 0 && p.ModifyCyclesPerSlot >= 0 && p.HostTurnaroundNs >= 0, path, "latencies cannot be negative");
        Require(p.PipelineDepth is >= 0 and <= PlatformPreset.MaxPipelineDepth, path, $"pipelineDepth must be 0 (sequential) to {PlatformPreset.MaxPipelineDepth}");
        Require(p.GhashBytesPerCycle > 0 && p.GhashTailCycles >= 0 && p.ResponseSelectCycles >= 0, path, "GHASH rate must be positive, tails cannot be negative");
        Require(p.ProbeWindowChannels is > 0 and <= 32 && (p.ProbeWindowChannels & (p.ProbeWindowChannels - 1)) == 0, path, "probeWindowChannels must be a power of two from 1 to 32");
        return p;
    }

    private static void Require(bool ok, string path, string what)
    {
        if (!ok)
        {
            throw new BoltConfigurationException("platform", $"The platform preset file '{path}' is out of range: {what}.");
        }
    }

    private sealed class Contents
    {
        public PlatformPreset? Preset { get; init; }

        public Dictionary<string, double> Measured { get; init; } = [];

        public string Source { get; init; } = string.Empty;
    }
}

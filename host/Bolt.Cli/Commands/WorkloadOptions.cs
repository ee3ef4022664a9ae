using System.CommandLine;
using Bolt.Workloads;
using Bolt.Core;
using Bolt.Sim.Timing;
using Bolt.Sim.Timing.Platforms;

namespace Bolt.Cli.Commands;

/// <summary>The options that describe a map and a workload, shared by `ycsb`, `trace` and `info`.</summary>
internal sealed class WorkloadOptions
{
    public Option<int> Capacity { get; } = new("--capacity") { Description = "Capacity N (items)", DefaultValueFactory = _ => 1 << 16 };
    public Option<long> Ops { get; } = new("--ops") { Description = "Operations after the load", DefaultValueFactory = _ => 100_000 };
    public Option<int> ValueSize { get; } = new("--value-size") { Description = "Maximum value length V in bytes", DefaultValueFactory = _ => BoltParameters.DefaultValueSize };
    public Option<double> HbmFraction { get; } = new("--hbm-fraction") { Description = "Share α of bins kept in HBM", DefaultValueFactory = _ => BoltParameters.DefaultHbmFraction };
    public Option<int> BinFactor { get; } = new("--bin-factor") { Description = "Bin factor c (average items per bin)", DefaultValueFactory = _ => BoltParameters.DefaultBinFactor };
    public Option<int> Stash { get; } = new("--stash") { Description = "Overflow-stash capacity (items)", DefaultValueFactory = _ => BoltParameters.DefaultStashCapacity };
    public Option<int> SlotsPerBin { get; } = new("--slots-per-bin") { Description = "Override l_max, the slots per bin (0 = c + ⌈log2 log2 N⌉ + 1). For overflow experiments: with too few slots the load overflows the stash, and ycsb reports that as its result (exit 0)", DefaultValueFactory = _ => 0 };
    public Option<double> ReadRatio { get; } = new("--read-ratio") { Description = "Share of ops that are gets; the rest are updates", DefaultValueFactory = _ => 0.5 };
    public Option<KeyDistribution> Distribution { get; } = new("--distribution") { Description = "uniform | zipf | hot | sequential", DefaultValueFactory = _ => KeyDistribution.Uniform };
    public Option<long> Seed { get; } = new("--seed") { Description = "Seed of the device, the client key and the workload", DefaultValueFactory = _ => 1 };
    public Option<int> Batch { get; } = new("--batch") { Description = "Requests per command batch", DefaultValueFactory = _ => 64 };
    public Option<int> PipelineDepth { get; } = new("--pipeline-depth") { Description = "Accesses the modeled kernel keeps in flight (SPEC §9.2); 0 = the sequential schedule of SPEC §9.1", DefaultValueFactory = _ => PlatformPreset.DefaultPipelineDepth };

    /// <summary>Adds every option to a command.</summary>
    public void AddTo(Command command, bool workload = true)
    {
        command.Add(Capacity);
        command.Add(ValueSize);
        command.Add(HbmFraction);
        command.Add(BinFactor);
        command.Add(Stash);
        command.Add(SlotsPerBin);
        command.Add(PipelineDepth);
        if (workload)
        {
            command.Add(Ops);
            command.Add(ReadRatio);
            command.Add(Distribution);
            command.Add(Seed);
            command.Add(Batch);
        }
    }

    /// <summary>The map parameters; throws <see cref="BoltConfigurationException"/> naming a bad one.</summary>
    public BoltParameters Parameters(ParseResult result, int sessionSlots = BoltParameters.DefaultSessionSlots) => new(
        capacity: result.GetValue(Capacity),
        binFactor: result.GetValue(BinFactor),
        hbmFraction: result.GetValue(HbmFraction),
        valueSize: result.GetValue(ValueSize),
        stashCapacity: result.GetValue(Stash),
        slotsPerBin: result.GetValue(SlotsPerBin),
        sessionSlots: sessionSlots);

    /// <summary>The U55C preset with the chosen pipeline depth; throws <see cref="BoltConfigurationException"/> when out of range.</summary>
    public PlatformPreset Platform(ParseResult result, PlatformPreset? preset = null)
    {
        int depth = result.GetValue(PipelineDepth);
        if (depth is < 0 or > PlatformPreset.MaxPipelineDepth)
        {
            throw new BoltConfigurationException("--pipeline-depth", $"--pipeline-depth = {depth} must be between 0 (sequential) and {PlatformPreset.MaxPipelineDepth}.");
        }

        return (preset ?? AlveoU55C.Preset) with { PipelineDepth = depth };
    }

    /// <summary>Requests per frame; throws <see cref="BoltConfigurationException"/> when out of range.</summary>
    public int BatchSize(ParseResult result)
    {
        int batch = result.GetValue(Batch);
        if (batch is < 1 or > 4096)
        {
            throw new BoltConfigurationException("--batch", $"--batch = {batch} must be between 1 and 4096.");
        }

        return batch;
    }

    /// <summary>The workload; throws <see cref="BoltConfigurationException"/> naming a bad option.</summary>
    public YcsbOptions Workload(ParseResult result)
    {
        double readRatio = result.GetValue(ReadRatio);
        if (readRatio is < 0 or > 1 || double.IsNaN(readRatio))
        {
            throw new BoltConfigurationException("--read-ratio", $"--read-ratio = {readRatio} must be in [0, 1].");
        }

        long ops = result.GetValue(Ops);
        if (ops < 0)
        {
            throw new BoltConfigurationException("--ops", $"--ops = {ops} must not be negative.");
        }

        int batch = BatchSize(result);

        return new YcsbOptions
        {
            Ops = ops,
            ReadRatio = readRatio,
            Distribution = result.GetValue(Distribution),
            Seed = result.GetValue(Seed),
            Batch = batch,
        };
    }
}

using Bolt.Core.Device;
using Bolt.Sim.Stats;

namespace Bolt.Bench.Rules;

/// <summary>A device rule as `bolt bench` measures it: a record port with the modeled figures of its run.</summary>
public interface IModeledDevice : IRecordPort, IDisposable
{
    /// <summary>Which rule this is.</summary>
    DeviceRule Rule { get; }

    /// <summary>Modeled latency, throughput, init and traffic of the run so far.</summary>
    RunStatistics Statistics { get; }
}

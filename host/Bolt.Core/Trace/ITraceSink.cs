namespace Bolt.Core.Trace;

/// <summary>Receives host-visible transactions as a device issues them.</summary>
public interface ITraceSink
{
    /// <summary>Records one transaction.</summary>
    void Record(in TraceRow row);
}

namespace Bolt.Core.Durability;

/// <summary>
/// A counter that only moves forward and that the host cannot wind back (hardware/SPEC.md §12): a TPM NV counter on a
/// server, a replicated counter, or the clients themselves. Durable state is bound to it: the daemon advances it to the
/// device's commit number before it acknowledges those commits, and refuses to serve stored state that ends before it.
/// </summary>
public interface IMonotonicCounter
{
    /// <summary>What the counter is, for messages ("in-process", "file /var/lib/bolt/counter").</summary>
    string Description { get; }

    /// <summary>The counter's value (0 before the first advance).</summary>
    ulong Read();

    /// <summary>Moves the counter to <paramref name="value"/> if that is higher; never lowers it. Durable when it returns.</summary>
    void AdvanceTo(ulong value);
}

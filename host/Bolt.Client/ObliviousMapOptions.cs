using Bolt.Core;

namespace Bolt.Client;

/// <summary>How an <see cref="ObliviousMap"/> batches the calls of its users.</summary>
public sealed record ObliviousMapOptions
{
    /// <summary>The longest <see cref="CoalescingDelay"/> allowed: longer would trade too much latency for batching.</summary>
    public static readonly TimeSpan MaxCoalescingDelay = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// How long the map's device worker waits, after taking a single-key call (get, contains, put, delete), for
    /// more such calls to share its frame, up to <see cref="ObliviousMap.MaxBatch"/> requests. Zero (the default)
    /// sends at once; calls that queued while the device was busy still share the next frame, so concurrent callers
    /// are batched either way. A small delay (50–500 µs) makes frames fuller when callers arrive just apart.
    /// </summary>
    public TimeSpan CoalescingDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Throws <see cref="BoltConfigurationException"/> naming a bad option.</summary>
    public void Validate()
    {
        if (CoalescingDelay < TimeSpan.Zero || CoalescingDelay > MaxCoalescingDelay)
        {
            throw new BoltConfigurationException(nameof(CoalescingDelay),
                $"CoalescingDelay = {CoalescingDelay.TotalMilliseconds} ms must be between 0 and {MaxCoalescingDelay.TotalMilliseconds} ms.");
        }
    }
}

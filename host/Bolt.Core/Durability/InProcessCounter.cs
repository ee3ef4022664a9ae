namespace Bolt.Core.Durability;

/// <summary>
/// A monotonic counter in this process's memory, for tests: it outlives a device (and a daemon built in the same process)
/// but not the process, so it models a trusted counter the host cannot touch.
/// </summary>
public sealed class InProcessCounter : IMonotonicCounter
{
    private ulong _value;

    /// <inheritdoc/>
    public string Description => "in-process counter";

    /// <inheritdoc/>
    public ulong Read() => Interlocked.Read(ref _value);

    /// <inheritdoc/>
    public void AdvanceTo(ulong value)
    {
        ulong current;
        do
        {
            current = Interlocked.Read(ref _value);
            if (value <= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _value, value, current) != current);
    }
}

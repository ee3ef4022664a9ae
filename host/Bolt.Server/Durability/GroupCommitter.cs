namespace Bolt.Server.Durability;

/// <summary>
/// Releases replies only once the log records of the calls that made them are durable (group commit). The device
/// thread hands over each turn's replies with the log position and commit number after them and goes on; this thread
/// waits up to <see cref="DurabilityOptions.GroupCommitDelay"/> for more turns, makes all of them durable with one
/// fsync (and one counter advance), and then sends their replies in order.
/// </summary>
internal sealed class GroupCommitter : IDisposable
{
    private readonly DurableStore _store;
    private readonly TimeSpan _delay;
    private readonly Queue<Group> _pending = new();
    private readonly object _gate = new();
    private readonly Thread _thread;
    private bool _stopping;

    public GroupCommitter(DurableStore store, TimeSpan delay)
    {
        _store = store;
        _delay = delay;
        _thread = new Thread(Run) { Name = "bolt-group-commit", IsBackground = true };
        _thread.Start();
    }

    /// <summary>
    /// True once an fsync failed: nothing more may be acknowledged, even if a later fsync succeeded (after a failed
    /// fsync the kernel may have dropped the dirty pages, so a later success proves nothing). The scheduler then refuses
    /// all work without running it.
    /// </summary>
    public volatile bool Failed;

    /// <summary>Fsyncs performed (each covers one or more turns).</summary>
    public long Syncs { get; private set; }

    /// <summary>Queues a turn's replies; they go out once the log is durable up to <paramref name="position"/>.</summary>
    public void Release(List<(ClientConnection Client, OutgoingMessage Reply)> replies, long position, ulong commit)
    {
        lock (_gate)
        {
            _pending.Enqueue(new Group(replies, position, commit));
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Sends what is queued (durable first) and ends the thread.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join();
    }

    private void Run()
    {
        var groups = new List<Group>();
        while (true)
        {
            lock (_gate)
            {
                while (_pending.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_pending.Count == 0)
                {
                    return;
                }
            }

            if (_delay > TimeSpan.Zero)
            {
                Thread.Sleep(_delay);
            }

            groups.Clear();
            lock (_gate)
            {
                groups.AddRange(_pending);
                _pending.Clear();
            }

            var last = groups[^1];
            string? failure = Failed ? "an earlier write-ahead log fsync failed; the outcome of this request is unknown" : null;
            try
            {
                if (failure is null)
                {
                    _store.MakeDurable(last.Position, last.Commit);
                    Syncs++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Bolt.Core.BoltException)
            {
                // Not durable, so not acknowledged: each waiting client learns its outcome is unknown, and the daemon
                // stops taking work (DeviceScheduler refuses every later request without running it).
                failure = $"the write-ahead log could not be made durable ({e.Message}); the outcome of this request is unknown";
                Failed = true;
            }

            foreach (var group in groups)
            {
                foreach (var (client, reply) in group.Replies)
                {
                    if (failure is null)
                    {
                        client.Send(reply);
                        continue;
                    }

                    reply.Release();
                    client.Send(OutgoingMessage.Error(new Bolt.Remote.Protocol.ErrorMessage(Bolt.Remote.Protocol.ErrorCode.StorageFailed, 0, failure), isReply: true));
                }
            }
        }
    }

    private sealed record Group(List<(ClientConnection Client, OutgoingMessage Reply)> Replies, long Position, ulong Commit);
}

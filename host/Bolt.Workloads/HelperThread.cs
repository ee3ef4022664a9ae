using System.Runtime.ExceptionServices;

namespace Bolt.Workloads;

/// <summary>
/// One job at a time on a second core: <see cref="Start"/> hands the job over, <see cref="Join"/> waits for it and
/// rethrows what it threw. A dedicated thread and two semaphores rather than a task per job, so the handover
/// allocates nothing and costs a few microseconds — small next to a batch of device work.
/// </summary>
internal sealed class HelperThread : IDisposable
{
    private readonly Action _job;
    private readonly SemaphoreSlim _started = new(0);
    private readonly SemaphoreSlim _finished = new(0);
    private readonly Thread _thread;
    private ExceptionDispatchInfo? _failure;
    private volatile bool _stopping;

    /// <summary>Starts the thread; it runs <paramref name="job"/> once per <see cref="Start"/>.</summary>
    public HelperThread(Action job, string name)
    {
        _job = job;
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Whether a second core is worth using: one core would only interleave the two halves.</summary>
    public static bool Worthwhile => Environment.ProcessorCount > 1;

    /// <summary>Runs the job once on the helper thread; <see cref="Join"/> must follow before the next start.</summary>
    public void Start() => _started.Release();

    /// <summary>Waits for the job started last and rethrows its exception, if any.</summary>
    public void Join()
    {
        _finished.Wait();
        var failure = Interlocked.Exchange(ref _failure, null);
        failure?.Throw();
    }

    /// <summary>Ends the thread (after the job in flight, if one is).</summary>
    public void Dispose()
    {
        _stopping = true;
        _started.Release();
        _thread.Join();
        _started.Dispose();
        _finished.Dispose();
    }

    private void Loop()
    {
        while (true)
        {
            _started.Wait();
            if (_stopping)
            {
                return;
            }

            try
            {
                _job();
            }
            catch (Exception e)
            {
                _failure = ExceptionDispatchInfo.Capture(e);
            }

            _finished.Release();
        }
    }
}

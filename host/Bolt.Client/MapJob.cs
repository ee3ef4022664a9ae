namespace Bolt.Client;

/// <summary>
/// One unit of work queued for an <see cref="ObliviousMap"/>'s device worker. A job is claimed by the worker or
/// cancelled by its caller, never both: a cancelled job sends nothing, a claimed one runs to the end.
/// </summary>
internal abstract class MapJob
{
    private const int Queued = 0;
    private const int Claimed = 1;
    private const int Cancelled = 2;
    private int _state;
    private CancellationTokenRegistration _registration;

    protected MapJob(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(static (job, token) => ((MapJob)job!).Cancel(token), this);
        }
    }

    /// <summary>Takes the job for the worker; false when its caller cancelled it first.</summary>
    public bool TryClaim()
    {
        if (Interlocked.CompareExchange(ref _state, Claimed, Queued) != Queued)
        {
            return false;
        }

        _registration.Dispose();
        return true;
    }

    /// <summary>Runs a claimed job on the worker (single-key jobs are served in frames instead).</summary>
    public abstract void Run(ObliviousMap map);

    /// <summary>Completes a claimed job with an error.</summary>
    public abstract void Fail(Exception error);

    /// <summary>Completes a job cancelled before the worker claimed it.</summary>
    protected abstract void OnCancelled(CancellationToken cancellationToken);

    private void Cancel(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
        {
            OnCancelled(cancellationToken);
        }
    }
}

/// <summary>A job whose result is a value of <typeparamref name="T"/>.</summary>
internal abstract class MapJob<T>(CancellationToken cancellationToken) : MapJob(cancellationToken)
{
    public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Fail(Exception error)
    {
        if (error is OperationCanceledException cancelled)
        {
            Completion.TrySetCanceled(cancelled.CancellationToken);
        }
        else
        {
            Completion.TrySetException(error);
        }
    }

    protected override void OnCancelled(CancellationToken cancellationToken) => Completion.TrySetCanceled(cancellationToken);
}

/// <summary>One get, contains, put or delete: the worker packs queued single jobs into one frame.</summary>
internal sealed class SingleJob(MapRequest request, CancellationToken cancellationToken) : MapJob<MapResult>(cancellationToken)
{
    public MapRequest Request { get; } = request;

    public override void Run(ObliviousMap map) => throw new InvalidOperationException("Single requests are served in frames by the worker.");
}

/// <summary>A caller's batch, served in order in frames of its own.</summary>
internal sealed class BatchJob(IReadOnlyList<MapRequest> requests, CancellationToken cancellationToken) : MapJob<IReadOnlyList<MapResult>>(cancellationToken)
{
    public override void Run(ObliviousMap map) => Completion.TrySetResult(map.ServeBatch(requests));
}

/// <summary>Session set-up work (handshake, probe, bulk load) run on the worker like everything that touches the device.</summary>
internal sealed class ActionJob(Action<ObliviousMap> work, CancellationToken cancellationToken) : MapJob<bool>(cancellationToken)
{
    public override void Run(ObliviousMap map)
    {
        work(map);
        Completion.TrySetResult(true);
    }
}

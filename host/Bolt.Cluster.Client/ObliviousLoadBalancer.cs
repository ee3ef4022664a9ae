using System.Diagnostics;
using Bolt.Core;

namespace Bolt.Cluster.Client;

/// <summary>
/// The trusted load balancer (Snoopy's design, in the client): callers queue requests; once per epoch its own thread
/// takes them all, plans the epoch (<see cref="EpochPlan"/>: de-duplication, keyed-PRF shard assignment, every shard
/// padded to the same public batch size), sends one batch to every shard at once, waits for all of them, and answers.
/// At most one epoch is in flight, so each shard has at most one batch outstanding and sees batches in epoch order.
/// A shard whose batch fails (its silo is down, its device refused) fails only that shard's requests, with the typed
/// error; the other shards' requests of the epoch are answered. The epoch thread starts only with <see cref="Start"/>,
/// once every shard holds its map: an epoch must never share a shard's channel with its load.
/// </summary>
internal sealed class ObliviousLoadBalancer : IDisposable
{
    private readonly ShardChannel[] _shards;
    private readonly ShardAssigner _assigner;
    private readonly ShardedMapOptions _options;
    private readonly int _commandBytes;
    private readonly int _responseBytes;
    private readonly int _maxValueLength;
    private readonly Queue<ShardedRequest> _queue = new();
    private readonly Queue<TaskCompletionSource> _manualEpochs = new();
    private readonly List<TaskCompletionSource<Exception?[]>> _epochWaiters = [];
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<KeyGroup> _carried = [];
    private bool _closing;
    private bool _started;
    private long _epochs;
    private long _requests;
    private long _realAccesses;
    private long _padded;
    private long _carriedTotal;

    public ObliviousLoadBalancer(ShardChannel[] shards, ShardAssigner assigner, ShardedMapOptions options)
    {
        _shards = shards;
        _assigner = assigner;
        _options = options;
        _commandBytes = shards[0].Parameters.CommandBytes;
        _responseBytes = shards[0].Parameters.ResponseBytes;
        _maxValueLength = shards[0].Parameters.ValueSize;
        _thread = new Thread(Run) { IsBackground = true, Name = "bolt-balancer" };
    }

    /// <summary>Called after each epoch with its plan (observers: tests and the leakage suite).</summary>
    public Action<EpochPlan>? EpochObserver { get; set; }

    /// <summary>Adds keys inserted minus keys removed, as the devices confirmed them.</summary>
    public event Action<int>? CountChanged;

    public BalancerStatistics Statistics
    {
        get
        {
            lock (_queue)
            {
                return new(_epochs, _requests, _realAccesses, _padded, _carriedTotal, _shards.Sum(s => s.Frames));
            }
        }
    }

    /// <summary>
    /// Starts the epochs. Until then the shards' channels belong to whoever loads them (a channel session serves one
    /// caller at a time: an epoch sealed during a load would take a sequence number the load frame then skips).
    /// </summary>
    public void Start()
    {
        lock (_queue)
        {
            ObjectDisposedException.ThrowIf(_closing, this);
            _started = true;
            _thread.Start();
        }
    }

    /// <summary>The channel to shard <paramref name="shard"/>.</summary>
    public ShardChannel Shard(int shard) => _shards[shard];

    /// <summary>
    /// Waits for the next epoch to start and end (starting it, with manual epochs), and returns each shard's error in it (null
    /// when the shard answered): every epoch reaches every shard, so this probes them all.
    /// </summary>
    public Task<Exception?[]> NextEpochAsync()
    {
        var waiter = new TaskCompletionSource<Exception?[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_queue)
        {
            ObjectDisposedException.ThrowIf(_closing, this);
            _epochWaiters.Add(waiter);
        }

        return _options.EpochLength == Timeout.InfiniteTimeSpan ? RunEpochAsync().ContinueWith(_ => waiter.Task, TaskScheduler.Default).Unwrap() : waiter.Task;
    }

    /// <summary>Queues requests for the next epoch, all or none.</summary>
    public void Enqueue(IEnumerable<ShardedRequest> requests)
    {
        lock (_queue)
        {
            ObjectDisposedException.ThrowIf(_closing, this);
            foreach (var request in requests)
            {
                _queue.Enqueue(request);
            }
        }
    }

    /// <summary>Runs one epoch now (with <see cref="Timeout.InfiniteTimeSpan"/> epochs); completes when it has been answered.</summary>
    public Task RunEpochAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_queue)
        {
            ObjectDisposedException.ThrowIf(_closing, this);
            _manualEpochs.Enqueue(done);
            Monitor.Pulse(_queue);
        }

        return done.Task;
    }

    public Task StopAsync()
    {
        lock (_queue)
        {
            _closing = true;
            Monitor.PulseAll(_queue);
            if (!_started)
            {
                _stopped.TrySetResult(); // never started (a load failed): nothing is queued, nothing to answer
            }
        }

        return _stopped.Task;
    }

    public void Dispose()
    {
        StopAsync();
        if (_thread.IsAlive && Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        foreach (var shard in _shards)
        {
            shard.Dispose();
        }
    }

    private void Run()
    {
        try
        {
            bool manual = _options.EpochLength == Timeout.InfiniteTimeSpan;
            long next = Stopwatch.GetTimestamp();
            while (true)
            {
                List<ShardedRequest> arrivals;
                List<TaskCompletionSource<Exception?[]>> waiters;
                TaskCompletionSource? requested = null;
                lock (_queue)
                {
                    if (manual)
                    {
                        while (_manualEpochs.Count == 0 && !_closing)
                        {
                            Monitor.Wait(_queue);
                        }

                        _manualEpochs.TryDequeue(out requested);
                    }
                    else
                    {
                        next += (long)(_options.EpochLength.TotalSeconds * Stopwatch.Frequency);
                        for (var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next); wait > TimeSpan.Zero && !_closing;
                             wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next))
                        {
                            Monitor.Wait(_queue, wait);
                        }

                        // An epoch that overran its slot starts the next at once rather than bunching several up.
                        next = Math.Max(next, Stopwatch.GetTimestamp() - (long)(_options.EpochLength.TotalSeconds * Stopwatch.Frequency));
                    }

                    if (_closing && _queue.Count == 0 && _carried.Count == 0 && requested is null)
                    {
                        break;
                    }

                    arrivals = [.. _queue];
                    _queue.Clear();
                    waiters = [.. _epochWaiters];
                    _epochWaiters.Clear();
                }

                var errors = RunEpoch(arrivals);
                foreach (var waiter in waiters)
                {
                    waiter.TrySetResult(errors);
                }

                requested?.TrySetResult();
            }
        }
        finally
        {
            lock (_queue)
            {
                foreach (var pending in _manualEpochs)
                {
                    pending.TrySetCanceled();
                }

                foreach (var waiter in _epochWaiters)
                {
                    waiter.TrySetCanceled();
                }
            }

            _stopped.TrySetResult();
        }
    }

    private Exception?[] RunEpoch(List<ShardedRequest> arrivals)
    {
        var plan = EpochPlan.Build(_carried, arrivals, _assigner, _shards.Length, _options.SecurityParameter, _options.Sizing, _commandBytes);
        _carried = plan.Carried;
        var responses = new byte[_shards.Length][];
        var errors = new Exception?[_shards.Length];
        Parallel.For(0, _shards.Length, new ParallelOptions { MaxDegreeOfParallelism = _shards.Length }, s =>
        {
            responses[s] = new byte[plan.BatchSize * _responseBytes];
            try
            {
                _shards[s].Execute(plan.Commands[s], responses[s]);
            }
            catch (Exception e)
            {
                errors[s] = e is BoltException ? e : new DeviceFailureException($"Shard {s} failed: {e.Message}", e);
            }
        });

        int answered = 0;
        int delta = 0;
        for (int s = 0; s < _shards.Length; s++)
        {
            var sent = plan.Sent[s];
            for (int i = 0; i < sent.Count; i++)
            {
                answered += sent[i].Requests.Count;
                if (errors[s] is { } error)
                {
                    sent[i].Fail(error);
                    continue;
                }

                try
                {
                    delta += sent[i].Answer(responses[s].AsSpan(i * _responseBytes, _responseBytes), _maxValueLength);
                }
                catch (BoltException e)
                {
                    sent[i].Fail(e);
                }
            }
        }

        lock (_queue)
        {
            _epochs++;
            _requests += answered;
            _realAccesses += plan.RealAccesses;
            _padded += (long)plan.BatchSize * _shards.Length;
            _carriedTotal += plan.Carried.Count;
        }

        if (delta != 0)
        {
            CountChanged?.Invoke(delta);
        }

        EpochObserver?.Invoke(plan);
        return errors;
    }
}
